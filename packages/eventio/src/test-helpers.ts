import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GenEvent, GenParticle } from './event.js';
import { readEvents } from './read.js';

const here = fileURLToPath(new URL('.', import.meta.url));
/** The shared sample event files (read-only, never copied into the repo). */
export const SHARED_EVENTS = resolve(here, '../../../../shared/data/events');
/** This package's committed fixtures. */
export const FIXTURES = resolve(here, '../test/fixtures');

/**
 * Path of a shared sample file.
 * @param name - file name in ../shared/data/events
 * @returns its absolute path
 */
export function sample(name: string): string {
  return join(SHARED_EVENTS, name);
}

/**
 * Reads every event of a file.
 * @param path - the file
 * @param format - the format, sniffed if absent
 * @returns the events
 */
export async function readAll(
  path: string,
  format?: GenEvent['sourceFormat'],
): Promise<GenEvent[]> {
  const out: GenEvent[] = [];
  for await (const ev of readEvents(path, format === undefined ? {} : { format })) out.push(ev);
  return out;
}

/**
 * A fresh temporary directory and its removal.
 * @returns the directory and a cleanup function
 */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'eventio-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function particleKey(p: GenParticle): string {
  const m = p.momentum;
  return `${p.pdgId}|${p.status}|${m.px}|${m.py}|${m.pz}|${m.e}|${p.generatedMass}|${p.colour?.[0] ?? 0}|${p.colour?.[1] ?? 0}`;
}

/**
 * A description of an event's graph that does not depend on how particles and vertices are
 * numbered: the sorted particle keys, and for each vertex its sorted incoming and outgoing keys.
 * @param ev - the event
 * @returns particle keys and vertex signatures, both sorted
 */
export function topology(ev: GenEvent): { particles: string[]; vertices: string[] } {
  const byId = new Map(ev.particles.map((p) => [p.id, p]));
  const key = (id: number): string => particleKey(byId.get(id) as GenParticle);
  return {
    particles: ev.particles.map(particleKey).sort(),
    vertices: ev.vertices
      .map(
        (v) =>
          `${v.incoming.map(key).sort().join(',')} -> ${v.outgoing.map(key).sort().join(',')} @ ${v.position.join(' ')}`,
      )
      .sort(),
  };
}
