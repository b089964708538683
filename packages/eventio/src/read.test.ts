import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { finalState, visible } from './event.js';
import { readEvents, readLheInit, sniffFormat } from './read.js';
import { readAll, sample, tempDir } from './test-helpers.js';

const HEPMC2 = sample('hepmc3repo_test_inputConvert1.hepmc2.hepmc');
const HEPMC3 = sample('pyhepmc_tests_pythia6.hepmc3.dat');
const LHE_IO13 = sample('hepmc3repo_test_inputIO13.lhe');
const LHE_EXAMPLE = sample('hepmc3repo_examples_LHEF_example.lhe');
const FASTJET = sample('fastjet-examples_single-event.dat');

const tmp = tempDir();
afterAll(tmp.cleanup);

/** Sums of the final-state four-momenta over all events of a file. */
async function finalStateSums(path: string): Promise<[number, number, number, number]> {
  const s: [number, number, number, number] = [0, 0, 0, 0];
  for await (const ev of readEvents(path)) {
    for (const p of finalState(ev)) {
      s[0] += p.momentum.px;
      s[1] += p.momentum.py;
      s[2] += p.momentum.pz;
      s[3] += p.momentum.e;
    }
  }
  return s;
}

describe('sniffFormat', () => {
  it('recognises every sample file from its content', async () => {
    expect(await sniffFormat(HEPMC2)).toBe('hepmc2');
    expect(await sniffFormat(HEPMC3)).toBe('hepmc3');
    expect(await sniffFormat(LHE_IO13)).toBe('lhe');
    expect(await sniffFormat(LHE_EXAMPLE)).toBe('lhe');
    expect(await sniffFormat(FASTJET)).toBe('momenta');
  });

  it('recognises APEMEN text by its separator or by 3-number lines', async () => {
    const a = join(tmp.dir, 'a.txt');
    writeFileSync(a, '1.5\n0.5 0.25 10\n======\n');
    expect(await sniffFormat(a)).toBe('apemen-text');
    const b = join(tmp.dir, 'b.txt');
    writeFileSync(b, '0.5 0.25 10\n');
    expect(await sniffFormat(b)).toBe('apemen-text');
  });

  it('looks through gzip whatever the file is called', async () => {
    const gz = join(tmp.dir, 'pythia6.dat');
    writeFileSync(gz, gzipSync(readFileSync(HEPMC3)));
    expect(await sniffFormat(gz)).toBe('hepmc3');
  });
});

describe('HepMC2 sample (hepmc3repo_test_inputConvert1)', () => {
  it('has the counts of the README and of awk', async () => {
    // awk '$1=="E"{..} $1=="P"{n++; if($9==1)s++} $1=="V"{v++}' over the file gives per event
    // particles 1309 702 276 735 437 1195 (4654), status 1: 725 389 149 409 243 659 (2574),
    // vertices 452 257 102 258 153 418.
    const events = await readAll(HEPMC2);
    expect(events.map((e) => e.eventNumber)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(events.map((e) => e.particles.length)).toEqual([1309, 702, 276, 735, 437, 1195]);
    expect(events.map((e) => finalState(e).length)).toEqual([725, 389, 149, 409, 243, 659]);
    expect(events.map((e) => e.vertices.length)).toEqual([452, 257, 102, 258, 153, 418]);
    for (const e of events) {
      expect(e.weights).toHaveLength(146);
      expect(e.weightNames).toHaveLength(146);
      expect(e.units).toEqual({ momentum: 'GEV', length: 'MM' });
      expect(e.sourceFormat).toBe('hepmc2');
    }
  });

  it('keeps the nasty weight name with its blanks and the E, C and F lines', async () => {
    const [ev] = await readAll(HEPMC2);
    if (ev === undefined) throw new Error('no event');
    expect(ev.weightNames?.[3]).toBe('MUR1_MUF1_PDF13000 absolutely nasty( weight name  ');
    expect(ev.weights[0]).toBe(6.416462771749e-11);
    expect(ev.weights[1]).toBe(3.202340985341e2);
    expect(ev.crossSection).toEqual({ value: 2.829025727958e1, error: 2.829025727958e1 });
    expect(ev.pdfInfo).toEqual({
      parton: [2, -2],
      x: [1.306430067917e-2, 3.777071822482e-2],
      scale: 4.657300751677e1,
      xf: [1.306430067917e-2, 2.396014734574e-1],
      pdfId: [0, 0],
    });
    expect(ev.attributes).toMatchObject({
      mpi: '-1',
      alphaQCD: '1.215678015774e-01',
      alphaQED: '7.763841138914e-03',
      signal_process_id: '0',
      signal_process_vertex: '-3',
    });
    // V -1 0 0 0 0 0 1 1 1 1.0: one orphan (the beam proton, barcode 10001) in, one out.
    const v1 = ev.vertices[0];
    expect(v1).toMatchObject({ id: -1, status: 0, incoming: [1], outgoing: [2] });
    expect(v1?.attributes).toEqual({ weight0: '1.000000000000e+00' });
    const beam = ev.particles[0];
    expect(beam).toMatchObject({
      id: 1,
      pdgId: 2212,
      status: 4,
      productionVertex: 0,
      endVertex: -1,
    });
    expect(beam?.momentum.pz).toBe(6.49999993228e3);
    // P 10002 ... 11 0 0 -11 0: ends in the vertex with barcode -11, our vertex id -11.
    expect(ev.particles[1]).toMatchObject({ productionVertex: -1, endVertex: -11 });
  });

  it('has momentum sums equal to an independent awk sum', async () => {
    // awk '$1=="P" && $9==1 {px+=$4; py+=$5; pz+=$6; e+=$7}' over the file:
    // -2.394934345e-08 -5.541489342e-08 -2.373631836e-04 7.799999977e+04 (6 events × 13 TeV).
    // Tolerance 1e-9 relative on E, 1e-12 absolute on the nearly cancelling sums: only the order
    // of additions differs.
    const [px, py, pz, e] = await finalStateSums(HEPMC2);
    expect(px).toBeCloseTo(-2.394934345e-8, 12);
    expect(py).toBeCloseTo(-5.541489342e-8, 12);
    expect(pz).toBeCloseTo(-2.373631836e-4, 12);
    expect(e / 7.799999977e4).toBeCloseTo(1, 9);
  });

  it('links every particle to vertices consistently', async () => {
    for (const ev of await readAll(HEPMC2)) {
      for (const v of ev.vertices) {
        for (const id of v.incoming) expect(ev.particles[id - 1]?.endVertex).toBe(v.id);
        for (const id of v.outgoing) expect(ev.particles[id - 1]?.productionVertex).toBe(v.id);
      }
    }
  });
});

describe('HepMC3 sample (pyhepmc pythia6)', () => {
  it('has 1 event, 24 vertices, 53 particles, 24 in the final state, no weights', async () => {
    const events = await readAll(HEPMC3);
    expect(events).toHaveLength(1);
    const ev = events[0];
    if (ev === undefined) throw new Error('no event');
    expect(ev.vertices).toHaveLength(24);
    expect(ev.particles).toHaveLength(53);
    expect(finalState(ev)).toHaveLength(24);
    expect(visible(ev)).toHaveLength(24);
    expect(ev.weights).toEqual([]);
    expect(ev.particles.map((p) => p.id)).toEqual(Array.from({ length: 53 }, (_, i) => i + 1));
  });

  it('places implicit vertices in the id gaps as HepMC3 does', async () => {
    const [ev] = await readAll(HEPMC3);
    if (ev === undefined) throw new Error('no event');
    // Explicit V lines: -5, -8, -9, -19…-24. The implicit ones, by first appearance: parents
    // 1, 2, 3, 4 (P 3..6), 8 (P 10), 7 (P 11), 15 (P 16), 16, 17, 18, 19, 21, 22, 23, 24 fill the
    // gaps -1, -2, -3, -4, -6, -7, -10, … -18 in that order.
    expect(ev.vertices.map((v) => v.id)).toEqual(Array.from({ length: 24 }, (_, i) => -i - 1));
    expect(ev.vertices[0]).toMatchObject({ id: -1, incoming: [1], outgoing: [3, 9, 13] });
    expect(ev.vertices[4]).toMatchObject({ id: -5, incoming: [5, 6], outgoing: [7, 8] });
    expect(ev.vertices[5]).toMatchObject({ id: -6, incoming: [8], outgoing: [10] });
    expect(ev.vertices[6]).toMatchObject({ id: -7, incoming: [7], outgoing: [11] });
    expect(ev.vertices[9]).toMatchObject({
      id: -10,
      incoming: [15],
      outgoing: [16, 17, 18, 19, 20],
    });
    expect(ev.vertices[18]?.position).toEqual([
      1.9612230596823881e-5, 4.0367197718717926e-5, -5.1850808913335979e-5, 6.8890279624632964e-5,
    ]);
    expect(ev.particles[9]).toMatchObject({
      id: 10,
      pdgId: 21,
      productionVertex: -6,
      endVertex: -8,
    });
  });

  it('has momentum sums equal to an independent awk sum', async () => {
    // awk '$1=="P" && $10==1 {px+=$5; ...}': 8.604228441e-16 3.053113318e-16 4.024558464e-15 15.
    const [px, py, pz, e] = await finalStateSums(HEPMC3);
    expect(px).toBeCloseTo(8.604228441e-16, 15);
    expect(py).toBeCloseTo(3.053113318e-16, 15);
    expect(pz).toBeCloseTo(4.024558464e-15, 14);
    expect(e).toBeCloseTo(15, 12);
  });
});

describe('LHE samples', () => {
  it('IO13: 100 events, 426 particles (74 with 4, 26 with 5), 200 outgoing leptons', async () => {
    // awk '/^ *<event[ >]/{getline; print $1}' | sort | uniq -c: 74 × 4, 26 × 5 (the README's
    // "4 particles each" holds for 74 events only).
    const events = await readAll(LHE_IO13);
    expect(events).toHaveLength(100);
    expect(events.reduce((n, e) => n + e.particles.length, 0)).toBe(426);
    expect(events.filter((e) => e.particles.length === 5)).toHaveLength(26);
    expect(events.reduce((n, e) => n + finalState(e).length, 0)).toBe(200);
    const ev = events[0];
    expect(ev?.weights).toEqual([1.74914]);
    expect(ev?.weightNames).toEqual(['XWGTUP']);
    expect(ev?.crossSection).toEqual({ value: 1.74914, error: 3.256473e-2 });
    expect(ev?.particles[2]).toMatchObject({
      pdgId: 13,
      status: 1,
      colour: [0, 0],
      extra: { mother1: 1, mother2: 2, lifetime: 0, spin: 1 },
      generatedMass: 0,
    });
    expect(ev?.particles[2]?.momentum.px).toBe(48.761876712);
    expect(ev?.attributes).toEqual({
      IDPRUP: '1',
      SCALUP: '1.75801800e+02',
      AQEDUP: '7.54677100e-03',
      AQCDUP: '1.07391500e-01',
    });
  });

  it('IO13: final-state sums equal an independent awk sum', async () => {
    // awk over status-1 particle lines: px 0, py 0, pz -1098.9228298735, E 24429.7599977480.
    const [px, py, pz, e] = await finalStateSums(LHE_IO13);
    expect(px).toBeCloseTo(0, 9);
    expect(py).toBeCloseTo(0, 9);
    expect(pz).toBeCloseTo(-1098.9228298735, 8);
    expect(e).toBeCloseTo(24429.759997748, 8);
  });

  it('LHEF_example: 59 events, 331 particles, 10 weights (XWGTUP + 9 rwgt), attributes kept', async () => {
    const events = await readAll(LHE_EXAMPLE);
    expect(events).toHaveLength(59);
    expect(events.reduce((n, e) => n + e.particles.length, 0)).toBe(331);
    const ev = events[0];
    if (ev === undefined) throw new Error('no event');
    expect(ev.weightNames).toEqual([
      'XWGTUP',
      '1001',
      '1002',
      '1003',
      '1004',
      '1005',
      '1006',
      '1007',
      '1008',
      '1009',
    ]);
    expect(ev.weights).toEqual([
      50.109093, 50.109, 45.746, 52.581, 50.109, 45.746, 52.581, 50.109, 45.746, 52.581,
    ]);
    for (const e of events) expect(e.weights).toHaveLength(10);
    expect(ev.attributes?.npLO).toBe(' -1 ');
    expect(ev.attributes?.npNLO).toBe(' 1 ');
    expect(ev.attributes?.['lhe:trailer']).toContain('#aMCatNLO 1  6  2');
    expect(ev.attributes?.['lhe:trailer']).toContain('<scales muf="90.1"');
    expect(events[3]?.attributes?.ntries).toBe('2');
    expect(ev.crossSection).toEqual({ value: 50.109086, error: 0.089185414 });
  });

  it('LHEF_example: final-state sums equal an independent awk sum', async () => {
    // awk over status-1 particle lines: 0.0000023200 -0.0000013102 9314.26572587 48897.80029.
    const [px, py, pz, e] = await finalStateSums(LHE_EXAMPLE);
    expect(px).toBeCloseTo(2.32e-6, 9);
    expect(py).toBeCloseTo(-1.3102e-6, 9);
    expect(pz).toBeCloseTo(9314.26572587, 7);
    expect(e).toBeCloseTo(48897.80029, 7);
  });

  it('reads the init block with CDATA in the header and hand-edited extras', async () => {
    const io13 = await readLheInit(LHE_IO13);
    expect(io13).toMatchObject({
      version: '3.0',
      beamIds: [11, -11],
      beamEnergies: [175, 175],
      weightingStrategy: -4,
      processes: [{ xsec: 1.74914, error: 3.256473e-2, maxWeight: 1.74914, id: 1 }],
    });
    // The header (lines 3-371) holds two CDATA blocks (lines 36-81 and 123-306), kept verbatim.
    expect(io13.header).toContain('<![CDATA[');
    expect(io13.header?.split('\n').length).toBe(369);
    const ex = await readLheInit(LHE_EXAMPLE);
    expect(ex.beamEnergies).toEqual([4000, 4000]);
    expect(ex.initExtra).toContain('Just some random garbage...');
    expect(ex.initExtra).toContain('<eventfile name="LHEF_example_1.plhe" neve="59"/>');
  });
});

describe('plain momentum lists', () => {
  it('reads FastJet single-event.dat as one event of 354 particles', async () => {
    const events = await readAll(FASTJET);
    expect(events).toHaveLength(1);
    expect(events[0]?.particles).toHaveLength(354);
    expect(events[0]?.particles[0]?.momentum.e).toBe(157.4393822839);
    // awk '{px+=$1; ...}': 9.9860418545e-11 -3.0000233374e-10 -1.3502649847e-04 1.4000000430e+04
    const [px, py, pz, e] = await finalStateSums(FASTJET);
    expect(px).toBeCloseTo(9.9860418545e-11, 12);
    expect(py).toBeCloseTo(-3.0000233374e-10, 12);
    expect(pz).toBeCloseTo(-1.3502649847e-4, 10);
    expect(e).toBeCloseTo(1.400000043e4, 5);
  });

  it('splits events at #END lines', async () => {
    const f = join(tmp.dir, 'two.dat');
    writeFileSync(f, '# two events\n1 0 0 1\n0 1 0 1\n#END\n0 0 3 5\n#END\n');
    const events = await readAll(f, 'momenta');
    expect(events.map((e) => e.particles.length)).toEqual([2, 1]);
    expect(events[1]?.particles[0]?.generatedMass).toBe(4);
  });
});

describe('gzip input', () => {
  it('reads a gzipped HepMC2 file to the same events as the plain one', async () => {
    const gz = join(tmp.dir, 'convert1.hepmc.gz');
    writeFileSync(gz, gzipSync(readFileSync(HEPMC2)));
    const a = await readAll(HEPMC2);
    const b = await readAll(gz);
    expect(b).toEqual(a);
  });

  it('reads CRLF line ends and a byte-order mark like plain text', async () => {
    const crlf = join(tmp.dir, 'pythia6-crlf.dat');
    writeFileSync(crlf, `\uFEFF${readFileSync(HEPMC3, 'utf8').replace(/\n/g, '\r\n')}`);
    expect(await sniffFormat(crlf)).toBe('hepmc3');
    expect(await readAll(crlf)).toEqual(await readAll(HEPMC3));
  });

  it('honours an explicit format over sniffing', async () => {
    const copy = join(tmp.dir, 'events.txt');
    copyFileSync(FASTJET, copy);
    const events = await readAll(copy, 'momenta');
    expect(events[0]?.sourceFormat).toBe('momenta');
  });
});

describe('small hand-written files', () => {
  it('LHE 1.0: LHEF 2.0 <weights> named by <weightinfo>, two processes summed', async () => {
    const f = join(tmp.dir, 'v1.lhe');
    writeFileSync(
      f,
      [
        '<LesHouchesEvents version="1.0">',
        'free text is allowed before init',
        '<init>',
        '2212 2212 6500 6500 0 0 10042 10042 3 2',
        '3.0 0.3 1.0 1',
        '1.0 0.4 1.0 2',
        '<weightinfo name="muR=2" />',
        '<weightinfo name="muR=0.5" />',
        '</init>',
        '<event>',
        '2 2 0.5 91.2 0.0078 0.118',
        '21 -1 0 0 501 502 0 0 45.6 45.6 0 0 9',
        '21 -1 0 0 502 501 0 0 -45.6 45.6 0 0 9',
        '<weights> 0.25 0.75 </weights>',
        '</event>',
        '</LesHouchesEvents>',
      ].join('\n'),
    );
    const [ev] = await readAll(f);
    expect(ev?.weights).toEqual([0.5, 0.25, 0.75]);
    expect(ev?.weightNames).toEqual(['XWGTUP', 'muR=2', 'muR=0.5']);
    // 3.0 + 1.0 pb; error √(0.3² + 0.4²) = 0.5 pb.
    expect(ev?.crossSection).toEqual({ value: 4, error: 0.5 });
    expect(ev?.particles.map((p) => p.colour)).toEqual([
      [501, 502],
      [502, 501],
    ]);
  });

  it('APEMEN text: fractions to momenta, lines at fraction 1 skipped, default weight 1', async () => {
    const f = join(tmp.dir, 'a.apemen');
    writeFileSync(
      f,
      ['0.5 0.25 10', '1 0.5 3', '0.5 1 3', '======', '2.5', '0.75 0 4', '======', ''].join('\n'),
    );
    const events = await readAll(f);
    expect(events.map((e) => e.weights)).toEqual([[1], [2.5]]);
    // yfrac 0.5 → y = 0; phifrac 0.25 → φ = π/2: p = (0, 10, 0, 10) to rounding.
    const p = events[0]?.particles;
    expect(p).toHaveLength(1);
    expect(p?.[0]?.momentum.px).toBeCloseTo(0, 12);
    expect(p?.[0]?.momentum.py).toBeCloseTo(10, 12);
    expect(p?.[0]?.momentum.pz).toBeCloseTo(0, 12);
    expect(p?.[0]?.momentum.e).toBeCloseTo(10, 12);
    // yfrac 0.75 → y = π/2; φ = 0: pz = 4 sinh(π/2) = 9.2117…, E = 4 cosh(π/2) = 10.0352….
    const q = events[1]?.particles[0]?.momentum;
    expect(q?.px).toBe(4);
    expect(q?.pz).toBeCloseTo(4 * Math.sinh(Math.PI / 2), 12);
    expect(q?.e).toBeCloseTo(4 * Math.cosh(Math.PI / 2), 12);
    expect(events[1]?.particles[0]).toMatchObject({ pdgId: 21, status: 1, generatedMass: 0 });
  });
});
