import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { EventIOError } from './errors.js';
import type { EventFormat, GenEvent } from './event.js';
import { readEvents } from './read.js';
import { sample, tempDir } from './test-helpers.js';

const tmp = tempDir();
afterAll(tmp.cleanup);

const HEPMC2_TEXT = readFileSync(sample('hepmc3repo_test_inputConvert1.hepmc2.hepmc'), 'utf8');
const HEPMC2_LINES = HEPMC2_TEXT.split('\n');
const HEPMC3_LINES = readFileSync(sample('pyhepmc_tests_pythia6.hepmc3.dat'), 'utf8').split('\n');
const LHE_LINES = readFileSync(sample('hepmc3repo_test_inputIO13.lhe'), 'utf8').split('\n');

let counter = 0;
function file(content: string | Buffer, name = 'bad'): string {
  const path = join(tmp.dir, `${name}-${counter++}`);
  writeFileSync(path, content);
  return path;
}

/** Reads a file to the end; returns the events yielded and the error that stopped it. */
async function collect(
  path: string,
  format?: EventFormat,
): Promise<{ events: GenEvent[]; error: EventIOError }> {
  const events: GenEvent[] = [];
  try {
    for await (const ev of readEvents(path, format === undefined ? {} : { format }))
      events.push(ev);
  } catch (e) {
    if (e instanceof EventIOError) return { events, error: e };
    throw e;
  }
  throw new Error(`${path}: read without error`);
}

/** Replaces line `n` (1-based) of a line array. */
function withLine(lines: string[], n: number, text: string): string {
  const copy = [...lines];
  copy[n - 1] = text;
  return copy.join('\n');
}

describe('broken HepMC2 input', () => {
  // Line 4 is event 0's E line, 1770 event 1's; 6328 the END line (grep -n '^E\|END').
  it('a file cut inside event 3 yields events 0-2 and then a truncation error', async () => {
    const path = file(HEPMC2_LINES.slice(0, 3500).join('\n'));
    const { events, error } = await collect(path);
    expect(events.map((e) => e.eventNumber)).toEqual([0, 1, 2]);
    expect(error.code).toBe('truncated');
    expect(error.file).toBe(path);
    expect(error.line).toBe(3500);
    expect(error.message).toMatch(new RegExp(`^${path}:3500: expected \\d+ more particle line`));
    expect(error.message).toMatch(/got end of file$/);
  });

  it('a file without its END line keeps the complete last event back and says so', async () => {
    const path = file(HEPMC2_LINES.slice(0, 6327).join('\n'));
    const { events, error } = await collect(path);
    expect(events).toHaveLength(5);
    expect(error.code).toBe('missing-end');
    expect(error.message).toContain(
      "expected 'HepMC::IO_GenEvent-END_EVENT_LISTING' after event 5",
    );
  });

  it('a particle line with a field missing is a field-count error at that line', async () => {
    const line = HEPMC2_LINES[9] as string; // P 10001 2212 0 0 6.4999…e+03 6.5e+03 9.38…e-01 4 0 0 -1 0
    const path = file(withLine(HEPMC2_LINES, 10, line.split(' ').slice(0, -1).join(' ')));
    const { events, error } = await collect(path);
    expect(events).toHaveLength(0);
    expect(error.code).toBe('field-count');
    expect(error.line).toBe(10);
    expect(error.message).toContain(':10: expected ≥ 13 fields on a P line, got 12 fields in');
  });

  it('a non-numeric momentum is a bad-field error naming the field', async () => {
    const path = file(
      withLine(HEPMC2_LINES, 10, 'P 10001 2212 0 zero 6.5e+03 6.5e+03 0.938 4 0 0 -1 0'),
    );
    const { error } = await collect(path);
    expect(error.code).toBe('bad-field');
    expect(error.message).toBe(`${path}:10: expected a number for py on a P line, got 'zero'`);
  });

  it.each(['nan', '-nan', 'inf', 'Infinity', '1e999'])(
    'a momentum %s is a non-finite error',
    async (bad) => {
      const path = file(
        withLine(HEPMC2_LINES, 10, `P 10001 2212 0 0 ${bad} 6.5e+03 0.938 4 0 0 -1 0`),
      );
      const { error } = await collect(path);
      expect(error.code).toBe('non-finite');
      expect(error.message).toBe(
        `${path}:10: expected a finite number for pz on a P line, got '${bad}'`,
      );
    },
  );

  it('a vertex that declares more vertices than the event holds is a count error', async () => {
    // E line of event 0 says 452 vertices; make it 453.
    const e0 = (HEPMC2_LINES[3] as string).replace(/^(E 0 -1 \S+ \S+ \S+ \S+ \S+) 452 /, '$1 453 ');
    const { events, error } = await collect(file(withLine(HEPMC2_LINES, 4, e0)));
    expect(events).toHaveLength(0);
    expect(error.code).toBe('count-mismatch');
    expect(error.message).toContain(':4: expected 453 vertices in event 0 (E line 4), got 452');
  });

  it('an end-vertex barcode that names no vertex is a bad-reference error at the particle', async () => {
    const path = file(
      withLine(HEPMC2_LINES, 10, 'P 10001 2212 0 0 6.5e+03 6.5e+03 0.938 4 0 0 -9999 0'),
    );
    const { error } = await collect(path);
    expect(error.code).toBe('bad-reference');
    expect(error.line).toBe(10);
  });
});

describe('broken HepMC3 input', () => {
  it('a file cut inside its event is a truncation error', async () => {
    const { events, error } = await collect(file(HEPMC3_LINES.slice(0, 40).join('\n')));
    expect(events).toHaveLength(0);
    expect(error.code).toBe('truncated');
    // Lines 6-40 hold 35 lines, 3 of them V lines: 32 particles.
    expect(error.message).toContain(
      'expected 53 particles in event 0 (E line 4), got 32 before the end of file',
    );
  });

  it('a file without its END line is a missing-end error', async () => {
    const lines = HEPMC3_LINES.filter((l) => !l.includes('END_EVENT_LISTING'));
    const { error } = await collect(file(lines.join('\n')));
    expect(error.code).toBe('missing-end');
  });

  it('a particle whose parent does not exist is a bad-reference error', async () => {
    const { error } = await collect(
      file(withLine(HEPMC3_LINES, 6, 'P 1 -99 2212 0 0 7.44 7.5 0.938 3')),
    );
    expect(error.code).toBe('bad-reference');
    expect(error.line).toBe(6);
  });

  it('a weight count that differs from the weight names is a count error', async () => {
    const text = [
      'HepMC::Version 3.02.05',
      'HepMC::Asciiv3-START_EVENT_LISTING',
      'W a\\|b',
      'E 0 0 0',
      'U GEV MM',
      'W 1 2 3',
      'HepMC::Asciiv3-END_EVENT_LISTING',
    ];
    const { error } = await collect(file(text.join('\n')));
    expect(error.code).toBe('count-mismatch');
    expect(error.message).toContain(':6: expected 2 weights, one per weight name, got 3');
  });
});

describe('broken LHE input', () => {
  const firstEvent = LHE_LINES.indexOf('<event>') + 1; // line 378

  it('a file cut inside an event is a truncation error, the complete events come first', async () => {
    const { events, error } = await collect(file(LHE_LINES.slice(0, firstEvent + 8).join('\n')));
    expect(events).toHaveLength(1);
    expect(error.code).toBe('truncated');
    expect(error.message).toContain("expected '</event>' to close the event at line 385");
  });

  it('a file without </LesHouchesEvents> is a missing-end error', async () => {
    const lines = LHE_LINES.filter((l) => !l.startsWith('</LesHouchesEvents>'));
    const { events, error } = await collect(file(lines.join('\n')));
    expect(events).toHaveLength(100);
    expect(error.code).toBe('missing-end');
  });

  it('a particle line of 12 fields is a field-count error', async () => {
    const bad = '       11 -1    0    0    0    0 +0.0 +0.0 +44.1 44.1 0.0 0.0';
    const { error } = await collect(file(withLine(LHE_LINES, firstEvent + 2, bad)));
    expect(error.code).toBe('field-count');
    expect(error.line).toBe(firstEvent + 2);
    expect(error.message).toContain('expected 13 fields on an LHE particle line, got 12 fields');
  });

  it('an event with fewer particle lines than NUP is a count error', async () => {
    const bad = ' 5      1 +1.7491400e+00 1.75801800e+02 7.54677100e-03 1.07391500e-01';
    const { error } = await collect(file(withLine(LHE_LINES, firstEvent + 1, bad)));
    expect(error.code).toBe('count-mismatch');
    expect(error.message).toContain(
      "expected 1 more particle line(s) of the event at line 378 (NUP = 5), got '</event>'",
    );
  });
});

describe('broken APEMEN text input', () => {
  it('a yfrac far outside [0, 1] whose energy overflows is a non-finite error', async () => {
    // yfrac 999999: y = 2π·999999 − π ≈ 6.3e6, cosh(y) overflows.
    const { error } = await collect(file('1\n0.5 0.5 3\n999999 0.5 3\n======\n'), 'apemen-text');
    expect(error.code).toBe('non-finite');
    expect(error.message).toContain(':3: expected a yfrac whose rapidity gives a finite energy');
  });

  it('a line of two numbers is a field-count error', async () => {
    const { error } = await collect(file('1\n0.5 0.5\n======\n'), 'apemen-text');
    expect(error.code).toBe('field-count');
    expect(error.line).toBe(2);
  });
});

describe('files that are not event text', () => {
  it('binary garbage is a binary error with its line', async () => {
    const bytes = Buffer.concat([
      Buffer.from('HepMC::Version 2.06.10\nHepMC::IO_GenEvent-START_EVENT_LISTING\nE 0'),
      Buffer.from([0, 1, 2, 0xff, 0xfe]),
    ]);
    const { error } = await collect(file(bytes), 'hepmc2');
    expect(error.code).toBe('binary');
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/:3: expected a text file, got binary data/);
  });

  it('a corrupt gzip stream is a binary error', async () => {
    const gz = gzipSync(Buffer.from(HEPMC2_TEXT));
    const broken = Buffer.concat([gz.subarray(0, 200), Buffer.alloc(200, 7)]);
    const { error } = await collect(file(broken), 'hepmc2');
    expect(error.code).toBe('binary');
    expect(error.message).toContain('expected a valid gzip stream');
  });

  it('text of no known format is an unknown-format error at its first line', async () => {
    const { error } = await collect(file('hello world\n'));
    expect(error.code).toBe('unknown-format');
    expect(error.message).toMatch(/:1: expected the start of a HepMC2, HepMC3, LHE/);
  });

  it('a line longer than the cap stops the reader before it is held whole', async () => {
    // 17 MiB of digits with no newline after a valid HepMC2 start: over the 16 MiB default cap.
    const path = join(tmp.dir, 'huge');
    const fd = openSync(path, 'w');
    writeSync(fd, 'HepMC::Version 2.06.10\nHepMC::IO_GenEvent-START_EVENT_LISTING\nE 0 ');
    const block = Buffer.alloc(1 << 20, 0x31);
    for (let i = 0; i < 17; i++) writeSync(fd, block);
    closeSync(fd);
    const { error } = await collect(path);
    expect(error.code).toBe('line-too-long');
    expect(error.line).toBe(3);
    expect(error.message).toContain(':3: expected lines of at most 16777216 characters');
  });
});
