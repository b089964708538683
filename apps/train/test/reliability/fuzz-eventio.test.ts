import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  createEventWriter,
  EventIOError,
  type GenEvent,
  readEvents,
  readLheInit,
  readNpy,
  sniffFormat,
  type WritableEventFormat,
  writeNpy,
} from '@apemen/eventio';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENTS, tempDir } from './helpers.js';

// Byte-level fuzzing of eventio's readers (packages/eventio/src/fuzz.test.ts, by the package's
// author, mutates lines and tokens; this adds byte flips, field swaps, gzip streams, files made by
// eventio's own writers, the LHE init reader and .npy). The one property: a mutated file is read,
// or the reader throws an EventIOError whose message starts with the file name; nothing else
// escapes, nothing hangs (inputs stay under 100 kB), and what is read holds only finite numbers.

/**
 * Fuzzing depth: APEMEN_FUZZ=20 runs twenty times as many cases, from a random seed (printed by
 * fast-check on failure); by default the bounded, fixed-seed runs of CI.
 */
const DEPTH = Number(process.env.APEMEN_FUZZ ?? 1);
const settings = (numRuns: number, seed: number): fc.Parameters<unknown> =>
  DEPTH > 1 ? { numRuns: numRuns * DEPTH } : { numRuns, seed };

let tmp: { dir: string; remove: () => Promise<void> };
/** Seed files: name → bytes. */
const seeds = new Map<string, Buffer>();
let counter = 0;

async function take(file: string, count: number): Promise<GenEvent[]> {
  const events: GenEvent[] = [];
  for await (const ev of readEvents(join(EVENTS, file))) {
    events.push(ev);
    if (events.length === count) break;
  }
  return events;
}

beforeAll(async () => {
  tmp = await tempDir('fuzz-eventio');
  const text = async (f: string): Promise<string> => readFile(join(EVENTS, f), 'utf8');
  seeds.set('pythia6.hepmc3', Buffer.from(await text('pyhepmc_tests_pythia6.hepmc3.dat')));
  seeds.set(
    'fastjet.dat',
    Buffer.from(
      (await text('fastjet-examples_single-event.dat')).split('\n').slice(0, 40).join('\n'),
    ),
  );
  const lhe = await text('hepmc3repo_test_inputIO13.lhe');
  const third = lhe.indexOf('</event>', lhe.indexOf('</event>', lhe.indexOf('</event>') + 1) + 1);
  seeds.set('io13.lhe', Buffer.from(`${lhe.slice(0, third)}</event>\n</LesHouchesEvents>\n`));
  // Files made by eventio's writers, from events of the real files, in each writable format.
  const events = [
    ...(await take('pyhepmc_tests_pythia6.hepmc3.dat', 1)),
    ...(await take('hepmc3repo_examples_LHEF_example.lhe', 2)),
  ];
  for (const format of ['hepmc2', 'hepmc3', 'lhe', 'apemen-text'] as WritableEventFormat[]) {
    const path = join(tmp.dir, `written.${format}`);
    const writer = createEventWriter(path, format);
    for (const ev of events) await writer.write(ev);
    await writer.close();
    seeds.set(`written.${format}`, await readFile(path));
  }
  seeds.set('written.hepmc3.gz', gzipSync(seeds.get('written.hepmc3') as Buffer));
});
afterAll(async () => {
  await tmp.remove();
});

type Mutation =
  | { kind: 'flip'; at: number; bits: number }
  | { kind: 'byte'; at: number; value: number }
  | { kind: 'cut'; at: number }
  | { kind: 'delete-line'; at: number }
  | { kind: 'duplicate-line'; at: number }
  | { kind: 'swap-fields'; at: number; a: number; b: number }
  | { kind: 'insert-line'; at: number; text: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant('flip' as const),
    at: fc.nat(),
    bits: fc.integer({ min: 1, max: 255 }),
  }),
  fc.record({
    kind: fc.constant('byte' as const),
    at: fc.nat(),
    value: fc.constantFrom(0, 10, 13, 32, 45, 46, 48, 101, 0xc3, 0xff),
  }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('delete-line' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('swap-fields' as const),
    at: fc.nat(),
    a: fc.nat(15),
    b: fc.nat(15),
  }),
  fc.record({
    kind: fc.constant('insert-line' as const),
    at: fc.nat(),
    text: fc.oneof(
      fc.constantFrom(
        'E 1 2 3',
        'P 1 0 21 1 2 3 4 0 1',
        'V -1 0 [1]',
        '<event>',
        '</event>',
        '======',
        '1e308 1e308 1e308 1e308',
        '-0 -0 -0 -0',
        'U MEV CM',
        'W 1 2',
      ),
      fc.string({ maxLength: 12 }),
    ),
  }),
);

function applyMutations(seed: Buffer, mutations: Mutation[]): Buffer {
  let bytes = Buffer.from(seed);
  for (const m of mutations) {
    if (bytes.length === 0) break;
    if (m.kind === 'flip')
      bytes[m.at % bytes.length] = (bytes[m.at % bytes.length] as number) ^ m.bits;
    else if (m.kind === 'byte') bytes[m.at % bytes.length] = m.value;
    else if (m.kind === 'cut') bytes = bytes.subarray(0, m.at % (bytes.length + 1));
    else {
      const lines = bytes.toString('latin1').split('\n');
      const i = m.at % lines.length;
      if (m.kind === 'delete-line') lines.splice(i, 1);
      else if (m.kind === 'duplicate-line') lines.splice(i, 0, lines[i] as string);
      else if (m.kind === 'insert-line') lines.splice(i, 0, m.text);
      else {
        const fields = (lines[i] as string).split(' ');
        const a = m.a % fields.length;
        const b = m.b % fields.length;
        [fields[a], fields[b]] = [fields[b] as string, fields[a] as string];
        lines[i] = fields.join(' ');
      }
      bytes = Buffer.from(lines.join('\n'), 'latin1');
    }
  }
  return bytes;
}

/** Runs `read`; only an EventIOError naming `path` may escape. */
async function onlyEventIOError(path: string, read: () => Promise<void>): Promise<void> {
  try {
    await read();
  } catch (error) {
    if (!(error instanceof EventIOError)) throw error;
    expect(error.message.startsWith(`${path}:`)).toBe(true);
  }
}

function finite(ev: GenEvent): boolean {
  return (
    ev.particles.every((p) =>
      [p.momentum.px, p.momentum.py, p.momentum.pz, p.momentum.e].every(Number.isFinite),
    ) && ev.weights.every(Number.isFinite)
  );
}

describe('eventio readers on mutated files', () => {
  it.each([
    'pythia6.hepmc3',
    'fastjet.dat',
    'io13.lhe',
    'written.hepmc2',
    'written.hepmc3',
    'written.lhe',
    'written.apemen-text',
    'written.hepmc3.gz',
  ])('%s: readEvents and sniffFormat read it or throw EventIOError', async (name) => {
    const seed = seeds.get(name) as Buffer;
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        const path = join(tmp.dir, `m${counter++}-${name}`);
        // A gzip seed is mutated as compressed bytes (a damaged stream) or as text (then re-zipped).
        await writeFile(path, applyMutations(seed, mutations));
        await onlyEventIOError(path, async () => {
          await sniffFormat(path);
        });
        await onlyEventIOError(path, async () => {
          for await (const ev of readEvents(path)) expect(finite(ev)).toBe(true);
        });
      }),
      settings(40, 1207),
    );
  });

  it('readLheInit reads a mutated LHE file or throws EventIOError', async () => {
    const seed = seeds.get('io13.lhe') as Buffer;
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        const path = join(tmp.dir, `init${counter++}.lhe`);
        await writeFile(path, applyMutations(seed, mutations));
        await onlyEventIOError(path, async () => {
          const init = await readLheInit(path);
          expect(init.beamEnergies.every(Number.isFinite)).toBe(true);
        });
      }),
      settings(60, 1208),
    );
  });
});

describe('readNpy on mutated .npy files', () => {
  it('reads a damaged .npy (flips in the header, cuts, extra bytes) or throws EventIOError', async () => {
    const seedPaths = [join(tmp.dir, 'seed-f4.npy'), join(tmp.dir, 'seed-f8.npy')];
    await writeNpy(
      seedPaths[0] as string,
      Float32Array.from({ length: 2 * 4 * 4 }, (_, i) => i / 7),
      [2, 4, 4],
    );
    await writeNpy(seedPaths[1] as string, Float64Array.from([1.5, -2, 3]), [3]);
    const npySeeds = await Promise.all(seedPaths.map((p) => readFile(p)));
    const npyMutation = fc.oneof(
      // Most flips land in the 128-byte header, where the parser is.
      fc.record({
        kind: fc.constant('flip' as const),
        at: fc.nat(140),
        bits: fc.integer({ min: 1, max: 255 }),
      }),
      fc.record({
        kind: fc.constant('byte' as const),
        at: fc.nat(140),
        value: fc.constantFrom(0, 32, 39, 40, 41, 44, 48, 57, 255),
      }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.nat(1),
        fc.array(npyMutation, { minLength: 1, maxLength: 3 }),
        fc.uint8Array({ maxLength: 16 }),
        async (which, mutations, extra) => {
          const path = join(tmp.dir, `m${counter++}.npy`);
          await writeFile(
            path,
            Buffer.concat([applyMutations(npySeeds[which] as Buffer, mutations), extra]),
          );
          await onlyEventIOError(path, async () => {
            const { data, shape } = await readNpy(path);
            expect(data.length).toBe(shape.reduce((a, b) => a * b, 1));
          });
        },
      ),
      settings(150, 1209),
    );
  });
});
