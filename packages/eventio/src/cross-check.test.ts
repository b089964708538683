import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GenEvent } from './event.js';
import { FIXTURES, readAll, sample, topology } from './test-helpers.js';

// The fixtures were written by HepMC3's own C++ writers (Debian libhepmc3-dev 3.1.2) with
// tools/hepmc3-fixtures/convert_fixtures.cc:
//   convert_fixtures hepmc2 inputConvert1.hepmc2.hepmc cpp-convert1-ev2-3.hepmc3 cpp-convert1-ev2-3.hepmc2 2 2
//   convert_fixtures hepmc3 pythia6.hepmc3.dat cpp-pythia6.hepmc3 cpp-pythia6.hepmc2
// HepMC3 writes momenta with %.16e, which reads back to the same doubles, so particle keys
// compare exactly; it renumbers particles (topological order), so graphs are compared by
// topology(), which ignores numbering.

const HEPMC2 = sample('hepmc3repo_test_inputConvert1.hepmc2.hepmc');
const PYTHIA6 = sample('pyhepmc_tests_pythia6.hepmc3.dat');

function expectSameEvent(ours: GenEvent, theirs: GenEvent): void {
  expect(theirs.eventNumber).toBe(ours.eventNumber);
  expect(theirs.particles).toHaveLength(ours.particles.length);
  expect(theirs.vertices).toHaveLength(ours.vertices.length);
  expect(topology(theirs)).toEqual(topology(ours));
  expect(theirs.weights).toEqual(ours.weights);
  expect(theirs.weightNames).toEqual(ours.weightNames);
  expect(theirs.units).toEqual(ours.units);
}

describe('files written by HepMC3 C++ from the HepMC2 sample (events 2 and 3)', async () => {
  const original = (await readAll(HEPMC2)).slice(2, 4);

  it('Asciiv3 (WriterAscii) reads back to the same events', async () => {
    const v3 = await readAll(join(FIXTURES, 'cpp-convert1-ev2-3.hepmc3'));
    expect(v3).toHaveLength(2);
    for (let i = 0; i < 2; i++) {
      const ours = original[i] as GenEvent;
      const theirs = v3[i] as GenEvent;
      expectSameEvent(ours, theirs);
      // C++ writes GenCrossSection and GenPdfInfo with 9 significant digits: compare to 1e-8.
      expect(theirs.crossSection?.value).toBeCloseTo(ours.crossSection?.value as number, 6);
      expect((theirs.pdfInfo?.x[0] as number) / (ours.pdfInfo?.x[0] as number)).toBeCloseTo(1, 7);
      expect(theirs.pdfInfo?.parton).toEqual(ours.pdfInfo?.parton);
      for (const k of ['mpi', 'alphaQCD', 'alphaQED', 'signal_process_id', 'event_scale']) {
        expect(Number(theirs.attributes?.[k])).toBe(Number(ours.attributes?.[k]));
      }
      // The HepMC2 vertex weights become vertex attributes weight0 in both.
      expect(theirs.vertices.map((v) => Number(v.attributes?.weight0)).sort()).toEqual(
        ours.vertices.map((v) => Number(v.attributes?.weight0)).sort(),
      );
    }
  });

  it('IO_GenEvent (WriterAsciiHepMC2) reads back to the same events', async () => {
    const v2 = await readAll(join(FIXTURES, 'cpp-convert1-ev2-3.hepmc2'));
    expect(v2).toHaveLength(2);
    for (let i = 0; i < 2; i++) {
      expectSameEvent(original[i] as GenEvent, v2[i] as GenEvent);
      expect(v2[i]?.crossSection).toEqual(original[i]?.crossSection);
    }
  });
});

describe('files written by HepMC3 C++ from the pythia6 HepMC3 sample', async () => {
  const [original] = await readAll(PYTHIA6);

  it('Asciiv3 (WriterAscii, version 3.01.02) reads back identically, ids included', async () => {
    const [theirs] = await readAll(join(FIXTURES, 'cpp-pythia6.hepmc3'));
    expect(theirs).toEqual(original);
  });

  it('IO_GenEvent (WriterAsciiHepMC2) reads back to the same graph', async () => {
    const [theirs] = await readAll(join(FIXTURES, 'cpp-pythia6.hepmc2'));
    if (theirs === undefined || original === undefined) throw new Error('no event');
    expect(theirs.particles).toHaveLength(53);
    expect(topology(theirs)).toEqual(topology(original));
  });
});

// Files written by eventio and read back by HepMC3 C++ (so HepMC3 accepts what we write):
//   ours-pythia6.hepmc3          = createEventWriter(…, 'hepmc3') of the pythia6 sample
//   ours-convert1-ev2.hepmc2     = createEventWriter(…, 'hepmc2') of event 2 of the HepMC2 sample
//   convert_fixtures hepmc3 ours-pythia6.hepmc3 cpp-from-ours-pythia6.hepmc3 /tmp/x.hepmc2
//   convert_fixtures hepmc2 ours-convert1-ev2.hepmc2 cpp-from-ours-convert1-ev2.hepmc3 /tmp/x.hepmc2
describe('files written by eventio, read and rewritten by HepMC3 C++', async () => {
  const [pythia6] = await readAll(PYTHIA6);
  const ev2 = (await readAll(HEPMC2))[2] as GenEvent;

  it('our Asciiv3 (implicit vertices) comes back from ReaderAscii + WriterAscii unchanged', async () => {
    expect(await readAll(join(FIXTURES, 'ours-pythia6.hepmc3'))).toEqual([pythia6]);
    expect(await readAll(join(FIXTURES, 'cpp-from-ours-pythia6.hepmc3'))).toEqual([pythia6]);
  });

  it('our IO_GenEvent comes back from ReaderAsciiHepMC2 + WriterAscii with the same graph', async () => {
    expect(await readAll(join(FIXTURES, 'ours-convert1-ev2.hepmc2'))).toEqual([ev2]);
    const [theirs] = await readAll(join(FIXTURES, 'cpp-from-ours-convert1-ev2.hepmc3'));
    if (theirs === undefined) throw new Error('no event');
    expectSameEvent(ev2, theirs);
    expect(Number(theirs.attributes?.alphaQCD)).toBe(Number(ev2.attributes?.alphaQCD));
  });
});
