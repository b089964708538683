import { join } from 'node:path';
import { EventIOError, readEvents } from '@apemen/eventio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BAD, cli, GOOD_LHE, K2, listing, tempDir, theErrorLine } from './helpers.js';

/**
 * The bad event files of the corpus (apps/train/test/fixtures/bad, see its README.md), each with
 * the line the reader must blame (0: the message names the file but no line), its EventIOError
 * code and a fragment of the message.
 */
const CORPUS: { file: string; line: number; code: string; says: string }[] = [
  {
    file: 'truncated.hepmc2',
    line: 12,
    code: 'truncated',
    says: 'expected 7 more particle line(s) of vertex -2',
  },
  {
    file: 'truncated-mid-line.hepmc2',
    line: 13,
    code: 'field-count',
    says: 'expected ≥ 13 fields on a P line',
  },
  {
    file: 'missing-end.hepmc2',
    line: 31,
    code: 'missing-end',
    says: "expected 'HepMC::IO_GenEvent-END_EVENT_LISTING'",
  },
  { file: 'field-count.hepmc2', line: 11, code: 'field-count', says: 'got 6 fields' },
  {
    file: 'non-numeric.hepmc2',
    line: 11,
    code: 'bad-field',
    says: "expected a number for px on a P line, got '1.13x'",
  },
  { file: 'nan-momentum.hepmc2', line: 11, code: 'non-finite', says: "got 'nan'" },
  {
    file: 'truncated.hepmc3',
    line: 34,
    code: 'truncated',
    says: 'expected 13 particles in event 0',
  },
  {
    file: 'truncated-mid-line.hepmc3',
    line: 34,
    code: 'field-count',
    says: 'expected 10 fields on a P line',
  },
  {
    file: 'missing-end.hepmc3',
    line: 65,
    code: 'missing-end',
    says: "expected 'HepMC::Asciiv3-END_EVENT_LISTING'",
  },
  { file: 'field-count.hepmc3', line: 33, code: 'field-count', says: 'got 7 fields' },
  {
    file: 'inf-momentum.hepmc3',
    line: 33,
    code: 'non-finite',
    says: "expected a finite number for px on a P line, got 'inf'",
  },
  {
    file: 'count-mismatch.hepmc3',
    line: 3,
    code: 'count-mismatch',
    says: 'expected 14 particles in event 0',
  },
  {
    file: 'truncated.lhe',
    line: 14,
    code: 'truncated',
    says: "expected '</event>' to close the event at line 6",
  },
  {
    file: 'truncated-mid-line.lhe',
    line: 13,
    code: 'field-count',
    says: 'expected 13 fields on an LHE particle line',
  },
  {
    file: 'missing-end.lhe',
    line: 32,
    code: 'missing-end',
    says: "expected '</LesHouchesEvents>'",
  },
  { file: 'field-count.lhe', line: 12, code: 'field-count', says: 'got 10 fields' },
  { file: 'non-numeric.lhe', line: 12, code: 'bad-field', says: "got 'fifteen'" },
  { file: 'nan-momentum.lhe', line: 12, code: 'non-finite', says: "got 'NaN'" },
  { file: 'count-mismatch.lhe', line: 21, code: 'count-mismatch', says: 'NUP = 14' },
  {
    file: 'truncated-mid-line.txt',
    line: 4,
    code: 'unexpected-line',
    says: 'expected one weight line per event',
  },
  { file: 'non-numeric.txt', line: 3, code: 'bad-field', says: "got 'zero.33'" },
  {
    file: 'field-count.txt',
    line: 3,
    code: 'field-count',
    says: "expected '======', a weight, or 'yfrac phifrac pT'",
  },
  { file: 'nan-pt.txt', line: 3, code: 'non-finite', says: 'expected a finite number for pT' },
  {
    file: 'field-count.dat',
    line: 6,
    code: 'field-count',
    says: "expected ≥ 4 fields on a 'px py pz E' line, got 3",
  },
  { file: 'non-numeric.dat', line: 6, code: 'bad-field', says: "got '0.2o8'" },
  { file: 'nan-momentum.dat', line: 6, code: 'non-finite', says: "got 'nan'" },
  { file: 'inf-momentum.dat', line: 6, code: 'non-finite', says: "got 'Infinity'" },
  {
    file: 'empty.hepmc3',
    line: 0,
    code: 'unknown-format',
    says: 'expected an event file, got an empty file',
  },
  {
    file: 'blank.lhe',
    line: 0,
    code: 'unknown-format',
    says: 'expected an event file, got an empty file',
  },
  {
    file: 'garbage.hepmc3',
    line: 1,
    code: 'binary',
    says: 'expected a text file, got binary data (a NUL byte)',
  },
  { file: 'latin1.lhe', line: 2, code: 'binary', says: 'bytes that are not UTF-8 text' },
  {
    file: 'not-events.lhe',
    line: 1,
    code: 'unknown-format',
    says: 'expected the start of a HepMC2, HepMC3, LHE',
  },
  { file: 'truncated.hepmc3.gz', line: 0, code: 'binary', says: 'expected a valid gzip stream' },
];

/** Every command that reads an event file, with its arguments for input `p` and output folder `o`. */
const COMMANDS: [string, (p: string, o: string) => string[]][] = [
  ['info', (p) => ['info', p]],
  ['convert', (p, o) => ['convert', p, join(o, 'out.hepmc3')]],
  ['pixelise', (p, o) => ['pixelise', p, join(o, 'out.npy'), '--pixels', '8']],
  ['jets', (p) => ['jets', p, '--json']],
  [
    'generate',
    (p, o) => ['generate', '--model', K2, '--input', p, '--out', join(o, 'g.hepmc3'), '--quiet'],
  ],
  [
    'refshower',
    (p, o) => ['refshower', '--process', 'lhe', '--input', p, '--out', join(o, 'r.hepmc3')],
  ],
  [
    'report (truth)',
    (p, o) => ['report', '--truth', p, '--generated', GOOD_LHE, '--out', join(o, 'report')],
  ],
  [
    'report (generated)',
    (p, o) => ['report', '--truth', GOOD_LHE, '--generated', p, '--out', join(o, 'report')],
  ],
];

let out: { dir: string; remove: () => Promise<void> };
beforeAll(async () => {
  out = await tempDir('corpus');
});
afterAll(async () => {
  await out.remove();
});

describe.each(CORPUS)('bad input $file', ({ file, line, code, says }) => {
  const path = join(BAD, file);
  const where = line > 0 ? `${path}:${line}: ` : `${path}: `;

  it(`readEvents throws EventIOError ${code} at line ${line}`, async () => {
    const read = async (): Promise<number> => {
      let n = 0;
      for await (const _ of readEvents(path)) n++;
      return n;
    };
    const error = await read().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EventIOError);
    expect(error).toMatchObject({ code, file: path, ...(line > 0 ? { line } : {}) });
    expect((error as Error).message.startsWith(where)).toBe(true);
    expect((error as Error).message).toContain(says);
  });

  it.each(COMMANDS)(
    'apemen %s: exit 2, one line naming file and line, no output left',
    async (_, args) => {
      const r = await cli(args(path, out.dir));
      expect(theErrorLine(r)).toContain(`apemen: ${where}`);
      expect(r.stderr).toContain(says);
      expect(await listing(out.dir)).toEqual([]);
    },
  );
});
