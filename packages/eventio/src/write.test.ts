import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FourVector } from '@apemen/fourvec';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { EventIOError } from './errors.js';
import type { EventFormat, GenEvent, GenParticle, GenVertex } from './event.js';
import { readLheInit } from './read.js';
import { readAll, sample, tempDir } from './test-helpers.js';
import { createEventWriter, type EventWriterOptions, type WritableEventFormat } from './write.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
let counter = 0;

async function roundTrip(
  events: GenEvent[],
  format: WritableEventFormat,
  options: EventWriterOptions = {},
  ext = '',
): Promise<GenEvent[]> {
  const path = join(tmp.dir, `rt-${counter++}.${format}${ext}`);
  const w = createEventWriter(path, format, options);
  for (const ev of events) await w.write(ev);
  await w.close();
  return readAll(path, format as EventFormat);
}

const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 });
// Energies are read back only when ≥ 0 (a negative energy is an input error).
const energy = fc.double({ noNaN: true, noDefaultInfinity: true, min: 0, max: 1e12 });
const int = fc.integer({ min: -2_000_000, max: 2_000_000 });
const numberText = finite.map((x) => String(x));
const nameChars = fc.string({
  minLength: 1,
  maxLength: 8,
  unit: fc.constantFrom(...'abcXYZ_019.'.split('')),
});

/**
 * Events in the form the HepMC readers give: particle ids 1…n in file order, under each vertex its
 * orphan incoming particles then its outgoing particles, vertex ids −1…−m.
 */
function hepmcEvent(format: 'hepmc2' | 'hepmc3'): fc.Arbitrary<GenEvent> {
  const vertexShape = fc.record({
    orphans: fc.integer({ min: 0, max: 2 }),
    outs: fc.integer({ min: 1, max: 3 }),
    status: fc.oneof(fc.constant(0), int),
    position: fc.oneof(
      fc.constant<[number, number, number, number]>([0, 0, 0, 0]),
      fc.tuple(finite, finite, finite, finite),
    ),
  });
  const particleData = fc.record({
    pdgId: int,
    status: int,
    p: fc.tuple(finite, finite, finite, energy),
    mass: finite,
    colour: fc.option(fc.tuple(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 0, max: 999 }))),
    angles: fc.option(fc.tuple(finite, finite).filter(([a, b]) => a !== 0 || b !== 0)),
  });
  const attrValue =
    format === 'hepmc2'
      ? numberText
      : fc.string({ maxLength: 12 }).filter((s) => !s.includes('\r'));
  return fc
    .record({
      eventNumber: int,
      shape: fc.array(vertexShape, { minLength: 1, maxLength: 5 }),
      endSeed: fc.array(fc.nat(), { minLength: 20, maxLength: 20 }),
      particles: fc.array(particleData, { minLength: 25, maxLength: 25 }),
      weights: fc.array(finite, { maxLength: 4 }),
      named: fc.boolean(),
      xs: fc.option(fc.record({ value: finite, error: finite })),
      pdf: fc.option(
        fc.record({
          parton: fc.tuple(int, int),
          x: fc.tuple(finite, finite),
          scale: finite,
          xf: fc.tuple(finite, finite),
          pdfId: fc.tuple(int, int),
        }),
      ),
      momentum: fc.constantFrom<'GEV' | 'MEV'>('GEV', 'MEV'),
      length: fc.constantFrom<'MM' | 'CM'>('MM', 'CM'),
      attrs: fc.dictionary(
        nameChars.filter((k) => !k.startsWith('Gen')),
        attrValue,
        { maxKeys: 3 },
      ),
      vertexAttr: fc.option(numberText),
      position: fc.option(fc.tuple(finite, finite, finite, finite)),
      numbers: fc.tuple(int, numberText, numberText, numberText, int),
    })
    .map((g) => {
      const particles: GenParticle[] = [];
      const vertices: GenVertex[] = [];
      let seed = 0;
      g.shape.forEach((s, j) => {
        const v: GenVertex = {
          id: -j - 1,
          status: s.status,
          position: s.position,
          incoming: [],
          outgoing: [],
        };
        if (g.vertexAttr !== null) v.attributes = { weight0: g.vertexAttr };
        vertices.push(v);
        for (let k = 0; k < s.orphans + s.outs; k++) {
          const d = g.particles[particles.length % 25] as (typeof g.particles)[number];
          const p: GenParticle = {
            id: particles.length + 1,
            pdgId: d.pdgId,
            status: d.status,
            momentum: FourVector.fromPxPyPzE(...d.p),
            generatedMass: d.mass,
            productionVertex: k < s.orphans ? 0 : v.id,
            endVertex: k < s.orphans ? v.id : 0,
          };
          if (d.colour !== null) p.colour = [d.colour[0], d.colour[1]];
          if (d.angles !== null) {
            p.extra =
              format === 'hepmc2'
                ? { theta: d.angles[0], phi: d.angles[1] }
                : { theta: String(d.angles[0]) };
          }
          if (k >= s.orphans) {
            v.outgoing.push(p.id);
            // Outgoing particles may end in a later vertex.
            const later = g.shape.length - j - 1;
            const pick = (g.endSeed[seed++ % 20] as number) % (later + 1);
            if (pick > 0) p.endVertex = -(j + 1 + pick);
          }
          particles.push(p);
        }
      });
      for (const p of particles)
        if (p.endVertex !== 0) (vertices[-p.endVertex - 1] as GenVertex).incoming.push(p.id);
      for (const v of vertices) v.incoming.sort((a, b) => a - b);
      const ev: GenEvent = {
        eventNumber: g.eventNumber,
        weights: g.weights,
        units: { momentum: g.momentum, length: g.length },
        particles,
        vertices,
        sourceFormat: format,
      };
      if (g.named && g.weights.length > 0)
        ev.weightNames = g.weights.map((_, i) =>
          `w ${i} "x"`.replace(/"/g, format === 'hepmc2' ? "'" : '"'),
        );
      if (g.xs !== null) ev.crossSection = g.xs;
      if (format === 'hepmc3' && g.position !== null) ev.position = g.position;
      if (g.pdf !== null) ev.pdfInfo = g.pdf;
      if (format === 'hepmc2') {
        const [mpi, scale, aqcd, aqed, spid] = g.numbers;
        ev.attributes = {
          mpi: String(mpi),
          event_scale: scale,
          alphaQCD: aqcd,
          alphaQED: aqed,
          signal_process_id: String(spid),
          signal_process_vertex: '-1',
        };
      } else if (Object.keys(g.attrs).length > 0) ev.attributes = g.attrs;
      return ev;
    });
}

describe('read(write(x)) = x', () => {
  it('HepMC2, generated events', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(hepmcEvent('hepmc2'), { minLength: 1, maxLength: 3 }),
        async (events) => {
          expect(await roundTrip(events, 'hepmc2')).toEqual(events);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('HepMC3, generated events (implicit and explicit vertices)', async () => {
    await fc.assert(
      fc.asyncProperty(hepmcEvent('hepmc3'), async (ev) => {
        expect(await roundTrip([ev], 'hepmc3')).toEqual([ev]);
      }),
      { numRuns: 60 },
    );
  });

  it('LHE, generated events', async () => {
    const lheEvent = (index: number, xs: { value: number; error: number }) =>
      fc
        .record({
          particles: fc.array(
            fc.record({
              pdgId: int,
              status: fc.constantFrom(-1, 1, 2),
              p: fc.tuple(finite, finite, finite, energy),
              mass: finite,
              colour: fc.tuple(fc.nat(600), fc.nat(600)),
              mothers: fc.tuple(fc.nat(5), fc.nat(5)),
              lifetime: finite,
              spin: fc.constantFrom(-1, 1, 9, 0.5),
            }),
            { minLength: 1, maxLength: 6 },
          ),
          weights: fc.array(finite, { minLength: 1, maxLength: 4 }),
          idprup: int,
          scales: fc.tuple(numberText, numberText, numberText),
          tag: fc.dictionary(
            nameChars.map((k) => `a${k}`),
            fc.string({ maxLength: 8 }).filter((s) => !/[\r\n]/.test(s)),
            { maxKeys: 2 },
          ),
          comment: fc.option(nameChars.map((s) => `# ${s}`)),
        })
        .map((g): GenEvent => {
          const attributes: Record<string, string> = {
            ...g.tag,
            IDPRUP: String(g.idprup),
            SCALUP: g.scales[0],
            AQEDUP: g.scales[1],
            AQCDUP: g.scales[2],
          };
          if (g.comment !== null) attributes['lhe:trailer'] = g.comment;
          return {
            eventNumber: index,
            weights: g.weights,
            weightNames: g.weights.map((_, i) => (i === 0 ? 'XWGTUP' : `id<"${i}">`)),
            crossSection: xs,
            units: { momentum: 'GEV', length: 'MM' },
            particles: g.particles.map((d, i) => ({
              id: i + 1,
              pdgId: d.pdgId,
              status: d.status,
              momentum: FourVector.fromPxPyPzE(...d.p),
              generatedMass: d.mass,
              productionVertex: 0,
              endVertex: 0,
              colour: [d.colour[0], d.colour[1]],
              extra: {
                mother1: d.mothers[0],
                mother2: d.mothers[1],
                lifetime: d.lifetime,
                spin: d.spin,
              },
            })),
            vertices: [],
            attributes,
            sourceFormat: 'lhe',
          };
        });
    const xsArb = fc.record({ value: finite, error: fc.double({ min: 0, max: 1e6, noNaN: true }) });
    await fc.assert(
      fc.asyncProperty(
        xsArb.chain((xs) => fc.tuple(lheEvent(0, xs), lheEvent(1, xs))),
        async (events) => {
          expect(await roundTrip(events, 'lhe')).toEqual(events);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('APEMEN text, generated massless particles, to rounding', async () => {
    const particle = fc.record({
      y: fc.double({ min: -3, max: 3, noNaN: true }),
      phi: fc.double({ min: -3.14, max: 3.14, noNaN: true }),
      pt: fc.double({ min: 0.01, max: 1000, noNaN: true }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(particle, { minLength: 1, maxLength: 8 }),
        finite,
        async (ps, w) => {
          const ev: GenEvent = {
            eventNumber: 0,
            weights: [w],
            units: { momentum: 'GEV', length: 'MM' },
            particles: ps.map((q, i) => ({
              id: i + 1,
              pdgId: 21,
              status: 1,
              momentum: FourVector.fromPxPyPzE(
                q.pt * Math.cos(q.phi),
                q.pt * Math.sin(q.phi),
                q.pt * Math.sinh(q.y),
                q.pt * Math.cosh(q.y),
              ),
              generatedMass: 0,
              productionVertex: 0,
              endVertex: 0,
            })),
            vertices: [],
            sourceFormat: 'apemen-text',
          };
          const [back] = await roundTrip([ev], 'apemen-text');
          expect(back?.weights).toEqual([w]);
          expect(back?.particles).toHaveLength(ps.length);
          // Tolerance: y and φ pass through (x + π)/2π and back, a few ulps of π; relative 1e-12.
          back?.particles.forEach((p, i) => {
            const q = ev.particles[i]?.momentum as FourVector;
            for (const k of ['px', 'py', 'pz', 'e'] as const) {
              expect(Math.abs(p.momentum[k] - q[k])).toBeLessThanOrEqual(1e-12 * q.e);
            }
          });
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('round trips of the sample files', () => {
  it('HepMC2 sample → HepMC2 gives the same events', async () => {
    const events = await readAll(sample('hepmc3repo_test_inputConvert1.hepmc2.hepmc'));
    expect(await roundTrip(events, 'hepmc2')).toEqual(events);
  });

  it('HepMC2 sample → HepMC3 (gzipped) gives the same events', async () => {
    const events = await readAll(sample('hepmc3repo_test_inputConvert1.hepmc2.hepmc'));
    const back = await roundTrip(events, 'hepmc3', {}, '.gz');
    expect(back).toEqual(events.map((e) => ({ ...e, sourceFormat: 'hepmc3' })));
  });

  it('HepMC3 sample → HepMC3 gives the same event, implicit vertices included', async () => {
    const events = await readAll(sample('pyhepmc_tests_pythia6.hepmc3.dat'));
    expect(await roundTrip(events, 'hepmc3')).toEqual(events);
  });

  it.each(['hepmc3repo_test_inputIO13.lhe', 'hepmc3repo_examples_LHEF_example.lhe'])(
    'LHE sample %s → LHE with its init block gives the same events and init',
    async (name) => {
      const init = await readLheInit(sample(name));
      const events = await readAll(sample(name));
      const path = join(tmp.dir, `copy-${name}`);
      const w = createEventWriter(path, 'lhe', { lheInit: init });
      for (const ev of events) await w.write(ev);
      await w.close();
      expect(await readAll(path)).toEqual(events);
      expect(await readLheInit(path)).toEqual(init);
    },
  );

  it('FastJet momenta → HepMC3 keeps the momenta exactly', async () => {
    const events = await readAll(sample('fastjet-examples_single-event.dat'));
    const back = await roundTrip(events, 'hepmc3');
    expect(back).toEqual(events.map((e) => ({ ...e, sourceFormat: 'hepmc3' })));
  });

  it('LHE → HepMC2 puts the incoming partons into one vertex', async () => {
    const events = (await readAll(sample('hepmc3repo_test_inputIO13.lhe'))).slice(0, 3);
    const back = await roundTrip(events, 'hepmc2');
    expect(back[0]?.vertices).toEqual([
      { id: -1, status: 0, position: [0, 0, 0, 0], incoming: [1, 2], outgoing: [3, 4] },
    ]);
    expect(back[0]?.particles.map((p) => p.momentum)).toEqual(
      events[0]?.particles.map((p) => p.momentum),
    );
  });
});

describe('writer behaviour', () => {
  it('writes to a temporary name and renames on close; abort leaves nothing', async () => {
    const [ev] = await readAll(sample('pyhepmc_tests_pythia6.hepmc3.dat'));
    if (ev === undefined) throw new Error('no event');
    const dir = join(tmp.dir, 'atomic');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir);
    const path = join(dir, 'out.hepmc');
    const w = createEventWriter(path, 'hepmc2');
    await w.write(ev);
    expect(existsSync(path)).toBe(false);
    await w.close();
    expect(readdirSync(dir)).toEqual(['out.hepmc']);
    expect(readFileSync(path, 'utf8').endsWith('HepMC::IO_GenEvent-END_EVENT_LISTING\n')).toBe(
      true,
    );
    const a = createEventWriter(join(dir, 'aborted.hepmc'), 'hepmc3');
    await a.write(ev);
    await a.abort();
    expect(readdirSync(dir)).toEqual(['out.hepmc']);
    await expect(a.write(ev)).rejects.toThrow(EventIOError);
  });

  it.each(['x.hepmc3', 'x.hepmc3.gz'])(
    'rejects %s in a missing directory without hanging',
    async (name) => {
      const events = await readAll(sample('hepmc3repo_test_inputConvert1.hepmc2.hepmc'));
      const path = join(tmp.dir, 'no-such-dir', name);
      const w = createEventWriter(path, 'hepmc3');
      const attempt = async (): Promise<void> => {
        for (let i = 0; i < 20; i++) for (const ev of events) await w.write(ev);
        await w.close();
      };
      await expect(attempt()).rejects.toMatchObject({ code: 'ENOENT', path });
      await w.abort();
    },
  );

  it('refuses NaN momenta with a bad-event error and writes nothing of that event', async () => {
    const [ev] = await readAll(sample('pyhepmc_tests_pythia6.hepmc3.dat'));
    if (ev === undefined) throw new Error('no event');
    const bad: GenEvent = {
      ...ev,
      particles: ev.particles.map((p, i) =>
        i === 4 ? { ...p, momentum: FourVector.fromPxPyPzE(Number.NaN, 0, 0, 1) } : p,
      ),
    };
    const path = join(tmp.dir, 'nan.hepmc3');
    const w = createEventWriter(path, 'hepmc3');
    await expect(w.write(bad)).rejects.toMatchObject({ code: 'bad-event' });
    await w.write(ev);
    await w.close();
    expect(await readAll(path)).toEqual([ev]);
  });

  it('moves APEMEN text particles to pixel centres when given a pixel count', async () => {
    const ev: GenEvent = {
      eventNumber: 0,
      weights: [2],
      units: { momentum: 'GEV', length: 'MM' },
      // y = 0, φ = 0.1: with N = 4, yfrac = 0.5 → bin 2 → centre 0.625; phifrac = 0.0159 → 0.125.
      particles: [
        {
          id: 1,
          pdgId: 21,
          status: 1,
          momentum: FourVector.fromPxPyPzE(10 * Math.cos(0.1), 10 * Math.sin(0.1), 0, 10),
          generatedMass: 0,
          productionVertex: 0,
          endVertex: 0,
        },
      ],
      vertices: [],
    };
    const path = join(tmp.dir, 'pix.txt');
    const w = createEventWriter(path, 'apemen-text', { pixels: 4 });
    await w.write(ev);
    await w.close();
    expect(readFileSync(path, 'utf8')).toBe('2\n0.625 0.125 10\n======\n');
  });
});

describe('temporaries left by killed writers', () => {
  it('are removed once a writer of the same output completes, unless their process still runs', async () => {
    const out = join(tmp.dir, 'after-kill.hepmc3');
    // A process id that does not run here (pid_max on Linux is at most 2^22) and one that does.
    const dead = join(tmp.dir, '.after-kill.hepmc3.4194305.abc123.tmp');
    const live = join(tmp.dir, `.after-kill.hepmc3.${process.ppid}.def456.tmp`);
    const other = join(tmp.dir, '.other.hepmc3.4194305.abc123.tmp');
    for (const f of [dead, live, other]) writeFileSync(f, 'partial');
    const w = createEventWriter(out, 'hepmc3');
    await w.close();
    expect(existsSync(out)).toBe(true);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(other)).toBe(true);
  });
});
