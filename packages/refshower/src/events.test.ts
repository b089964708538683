import type { GenEvent, GenParticle } from '@apemen/eventio';
import { FourVector } from '@apemen/fourvec';
import { describe, expect, it } from 'vitest';
import { colourFlowProblems } from './check.js';
import { RefShowerError } from './errors.js';
import { generateEvent, showerGenEvent } from './events.js';

const tags = (ps: GenParticle[]) =>
  ps.map((p) => ({ colour: p.colour?.[0] ?? 0, anticolour: p.colour?.[1] ?? 0 }));

/** Every vertex lists exactly the particles that point at it, and conserves four-momentum. */
function checkVertices(event: GenEvent): void {
  const byId = new Map(event.particles.map((p) => [p.id, p]));
  event.particles.forEach((p, i) => {
    expect(p.id).toBe(i + 1);
  });
  for (const v of event.vertices) {
    const incoming = event.particles.filter((p) => p.endVertex === v.id).map((p) => p.id);
    const outgoing = event.particles.filter((p) => p.productionVertex === v.id).map((p) => p.id);
    expect(v.incoming).toEqual(incoming);
    expect(v.outgoing).toEqual(outgoing);
    const sum = (ids: number[]) =>
      ids.reduce(
        (s, id) => {
          const m = byId.get(id)!.momentum;
          return [s[0]! + m.px, s[1]! + m.py, s[2]! + m.pz, s[3]! + m.e];
        },
        [0, 0, 0, 0],
      );
    const a = sum(v.incoming);
    const b = sum(v.outgoing);
    for (let c = 0; c < 4; c++) expect(Math.abs(a[c]! - b[c]!) / a[3]!).toBeLessThan(1e-9);
  }
}

describe('generateEvent', () => {
  it('writes e+e− events as beams → qq̄ (status 2) → shower vertex → partons (status 1)', () => {
    const { event, emissions } = generateEvent(3, { process: 'ee', seed: 5 });
    expect(event.eventNumber).toBe(3);
    expect(event.units).toEqual({ momentum: 'GEV', length: 'MM' });
    expect(event.particles.slice(0, 2).map((p) => [p.pdgId, p.status])).toEqual([
      [11, 4],
      [-11, 4],
    ]);
    expect(event.particles.slice(2, 4).map((p) => p.status)).toEqual([2, 2]);
    const final = event.particles.filter((p) => p.status === 1);
    expect(final).toHaveLength(2 + emissions.length);
    expect(event.vertices.map((v) => v.id)).toEqual([-1, -2]);
    expect(event.attributes?.refshower_emissions).toBe(String(emissions.length));
    checkVertices(event);
    expect(colourFlowProblems(tags(final))).toEqual([]);
  });

  it('writes dijet events without beams, the hard partons entering the shower vertex −1', () => {
    const { event } = generateEvent(0, {
      process: 'dijet',
      seed: 5,
      dijet: { ptMin: 300, ptMax: 301 },
    });
    expect(
      event.particles.slice(0, 2).map((p) => [p.status, p.productionVertex, p.endVertex]),
    ).toEqual([
      [2, 0, -1],
      [2, 0, -1],
    ]);
    const pt = event.particles[0]!.momentum.pt;
    expect(pt).toBeGreaterThanOrEqual(300);
    expect(pt).toBeLessThanOrEqual(301);
    checkVertices(event);
  });

  it('is reproducible from (seed, index) and differs between seeds', () => {
    const a = generateEvent(17, { process: 'dijet', seed: 99 });
    const b = generateEvent(17, { process: 'dijet', seed: 99 });
    const c = generateEvent(17, { process: 'dijet', seed: 100 });
    expect(b.event).toEqual(a.event);
    expect(c.event).not.toEqual(a.event);
  });

  it('with stopAtKt returns a pre-shower event whose continuation is exactly the full event', () => {
    let sawEmissionsOnBothSides = false;
    for (let i = 0; i < 50; i++) {
      const full = generateEvent(i, { process: 'ee', seed: 12 });
      const pair = generateEvent(i, { process: 'ee', seed: 12, stopAtKt: 5 });
      expect(pair.event).toEqual(full.event);
      const pre = pair.preShower!;
      checkVertices(pre);
      const k = Number(pre.attributes?.refshower_emissions);
      expect(pre.attributes?.refshower_stop_t).toBe('25');
      expect(pre.particles.filter((p) => p.status === 1)).toHaveLength(2 + k);
      expect(full.emissions.slice(0, k).every((e) => e.t > 25)).toBe(true);
      expect(full.emissions.slice(k).every((e) => e.t <= 25)).toBe(true);
      if (k > 0 && full.emissions.length > k) sawEmissionsOnBothSides = true;
    }
    expect(sawEmissionsOnBothSides).toBe(true);
  });

  it('rejects a stop-at kT below the cutoff and an unknown process', () => {
    expect(() => generateEvent(0, { process: 'ee', seed: 1, stopAtKt: 0.5 })).toThrow(
      RefShowerError,
    );
    expect(() => generateEvent(0, { process: 'pp' as 'ee', seed: 1 })).toThrow(/unknown process/);
    expect(() => generateEvent(-1, { process: 'ee', seed: 1 })).toThrow(/index/);
  });
});

function particle(
  id: number,
  pdgId: number,
  status: number,
  p: [number, number, number, number],
  colour?: [number, number],
): GenParticle {
  const out: GenParticle = {
    id,
    pdgId,
    status,
    momentum: new FourVector(...p),
    generatedMass: 0,
    productionVertex: 0,
    endVertex: 0,
  };
  if (colour) out.colour = colour;
  return out;
}

/**
 * An LHE-like u g → u g event plus a photon: incoming u (501, 0) and g (502, 501); outgoing
 * u (503, 0) and g (502, 503). The outgoing pair shares line 503 (one final–final dipole), while
 * line 502 runs from the incoming to the outgoing gluon (no final–final dipole).
 */
function lheLikeEvent(): GenEvent {
  return {
    eventNumber: 7,
    weights: [2.5],
    units: { momentum: 'GEV', length: 'MM' },
    particles: [
      particle(1, 2, -1, [0, 0, 500, 500], [501, 0]),
      particle(2, 21, -1, [0, 0, -500, 500], [502, 501]),
      particle(3, 2, 1, [300, 0, 400, 500], [503, 0]),
      particle(4, 21, 1, [-300, 0, -400, 500], [502, 503]),
      particle(5, 22, 1, [0, 0, 0, 0]),
    ],
    vertices: [],
    attributes: { SCALUP: '300', IDPRUP: '1' },
  };
}

describe('showerGenEvent', () => {
  it('showers the outgoing partons along final–final colour lines and keeps the rest', () => {
    const input = lheLikeEvent();
    let emitted = 0;
    for (let i = 0; i < 30; i++) {
      const { event, emissions } = showerGenEvent(input, i, { seed: 3 });
      emitted += emissions.length;
      expect(event.weights).toEqual([2.5]);
      expect(event.attributes?.refshower_start_t).toBe(String(300 * 300));
      expect(event.particles.slice(0, 5).map((p) => p.status)).toEqual([-1, -1, 2, 2, 1]);
      const final = event.particles.filter((p) => p.status === 1 && p.pdgId !== 22);
      const incoming = event.particles.filter((p) => p.status === -1);
      expect(colourFlowProblems(tags(final), tags(incoming))).toEqual([]);
      const sum = (ps: GenParticle[]) => ps.reduce((s, p) => s + p.momentum.e, 0);
      expect(Math.abs(sum(final) - 1000) / 1000).toBeLessThan(1e-9);
      expect(event.vertices).toHaveLength(1);
      expect(event.vertices[0]!.incoming).toEqual([3, 4]);
    }
    expect(emitted).toBeGreaterThan(0);
    expect(input.particles[2]!.status).toBe(1);
  });

  it('reports an outgoing parton without colour tags as invalid input naming the event', () => {
    const input = lheLikeEvent();
    delete input.particles[2]!.colour;
    expect(() => showerGenEvent(input, 0, { seed: 1 })).toThrow(/event 7: outgoing parton 3/);
  });
});
