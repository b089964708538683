import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { EventIOError } from './errors.js';
import type { EventFormat } from './event.js';
import { readEvents } from './read.js';
import { sample, tempDir } from './test-helpers.js';

// Mutated sample files must either read or stop with an EventIOError: never a TypeError, a
// RangeError, a hang, or another crash.

const tmp = tempDir();
afterAll(tmp.cleanup);

function firstLines(name: string, n: number): string[] {
  return readFileSync(sample(name), 'utf8').split('\n').slice(0, n);
}

const SOURCES: { format: EventFormat; lines: string[] }[] = [
  // The header and the first 120 lines of event 0 (cut inside it), plus the END line: most
  // mutations then hit real structure.
  {
    format: 'hepmc2',
    lines: [
      ...firstLines('hepmc3repo_test_inputConvert1.hepmc2.hepmc', 120),
      'HepMC::IO_GenEvent-END_EVENT_LISTING',
    ],
  },
  { format: 'hepmc3', lines: firstLines('pyhepmc_tests_pythia6.hepmc3.dat', 200) },
  {
    format: 'lhe',
    // The opening tag, the init block and the first two events (lines 303-379), then the end tag.
    lines: [
      ...firstLines('hepmc3repo_examples_LHEF_example.lhe', 1),
      ...readFileSync(sample('hepmc3repo_examples_LHEF_example.lhe'), 'utf8')
        .split('\n')
        .slice(302, 379),
      '</LesHouchesEvents>',
    ],
  },
  {
    format: 'apemen-text',
    lines: ['1.5', '0.5 0.25 10', '0.1 0.9 3', '======', '0.2 0.3 4', '======'],
  },
  { format: 'momenta', lines: firstLines('fastjet-examples_single-event.dat', 30) },
];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('token' as const),
    at: fc.nat(),
    field: fc.nat(20),
    text: fc.oneof(
      fc.constantFrom(
        'nan',
        '-1',
        '0',
        '999999',
        '1e400',
        '',
        'x',
        '[',
        ']',
        '@',
        '"',
        '<event>',
        '</event>',
        '\\|',
      ),
      fc.string({ maxLength: 6 }),
    ),
  }),
);

function mutate(lines: string[], ms: fc.Arbitrary<unknown>[] | unknown[]): string {
  let out = [...lines];
  for (const m of ms as { kind: string; at: number; field?: number; text?: string }[]) {
    if (out.length === 0) break;
    const i = m.at % out.length;
    if (m.kind === 'delete') out.splice(i, 1);
    else if (m.kind === 'duplicate') out.splice(i, 0, out[i] as string);
    else if (m.kind === 'truncate') {
      const text = out.join('\n');
      return text.slice(0, m.at % (text.length + 1));
    } else {
      const fields = (out[i] as string).split(' ');
      fields[(m.field as number) % fields.length] = m.text as string;
      out[i] = fields.join(' ');
    }
  }
  out = out.filter((l) => l !== undefined);
  return out.join('\n');
}

describe('mutated sample files', () => {
  it.each(SOURCES.map((s) => [s.format, s] as const))(
    '%s: read or EventIOError, nothing else',
    async (_name, src) => {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(mutation, { minLength: 1, maxLength: 3 }),
          fc.boolean(),
          async (ms, sniff) => {
            const path = join(tmp.dir, `m-${n++}`);
            writeFileSync(path, mutate(src.lines, ms));
            try {
              for await (const ev of readEvents(path, sniff ? {} : { format: src.format })) {
                expect(ev.particles.every((p) => Number.isFinite(p.momentum.e))).toBe(true);
              }
            } catch (e) {
              if (!(e instanceof EventIOError)) throw e;
              expect(e.message).toMatch(/^\S.*: /);
            }
          },
        ),
        { numRuns: 200 },
      );
    },
  );
});
