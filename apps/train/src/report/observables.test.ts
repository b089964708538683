import type { GenEvent } from '@apemen/eventio';
import { FourVector } from '@apemen/fourvec';
import { describe, expect, it } from 'vitest';
import {
  eventObservables,
  multiplicityThresholds,
  ObservableCollector,
  observableList,
} from './observables.js';

/** A massless particle of transverse momentum pt at rapidity 0 and azimuth phi. */
function gluon(pt: number, phi: number, status = 1, pdgId = 21) {
  return {
    pdgId,
    status,
    momentum: new FourVector(pt * Math.cos(phi), pt * Math.sin(phi), 0, pt),
  };
}

function event(
  particles: ReturnType<typeof gluon>[],
  weights: number[] = [1],
  momentum: 'GEV' | 'MEV' = 'GEV',
): GenEvent {
  return {
    eventNumber: 0,
    weights,
    units: { momentum, length: 'MM' },
    vertices: [],
    particles: particles.map((p, i) => ({
      ...p,
      id: i + 1,
      generatedMass: 0,
      productionVertex: 0,
      endVertex: 0,
    })),
  };
}

const SETTINGS = { R: 0.4, ptMin: 20 };

function valuesOf(ev: GenEvent): Record<string, number> {
  const list = observableList(SETTINGS);
  const out = eventObservables(
    ev,
    SETTINGS,
    multiplicityThresholds(SETTINGS.ptMin),
    new Float64Array(list.length),
  );
  return Object.fromEntries(list.map((o, k) => [o.name, out[k] as number]));
}

describe('multiplicityThresholds', () => {
  it('starts at ptMin and keeps the fixed thresholds above it', () => {
    expect(multiplicityThresholds(20)).toEqual([20, 50, 100]);
    expect(multiplicityThresholds(50)).toEqual([50, 100]);
    expect(multiplicityThresholds(150)).toEqual([150]);
  });
});

describe('eventObservables', () => {
  // Two 50 GeV gluons at y = 0, φ = 0 and 0.2 (ΔR = 0.2 < R: one jet) and a 30 GeV gluon at φ = π,
  // plus a neutrino that is not visible and a decayed (status 2) parton that is not final.
  const ev = event([
    gluon(50, 0),
    gluon(50, 0.2),
    gluon(30, Math.PI),
    gluon(500, 1.5, 1, 12),
    gluon(400, 2.5, 2),
  ]);
  const v = valuesOf(ev);

  it('measures the jets of the visible final state by hand', () => {
    // |p1 + p2|_T = 2·50·cos(0.1) = 99.5004; m² = 2·50·50·(1 − cos 0.2) → m = 100·sin(0.1).
    expect(v.jet1_pt).toBeCloseTo(100 * Math.cos(0.1), 10);
    expect(v.jet1_mass).toBeCloseTo(100 * Math.sin(0.1), 10);
    expect(v.jet1_constituents).toBe(2);
    expect(v.jet1_rapidity).toBeCloseTo(0, 12);
    expect(v.jet2_pt).toBeCloseTo(30, 12);
    expect(v.jet2_mass).toBeCloseTo(0, 6);
    expect(v.jet2_constituents).toBe(1);
    // Two constituents cannot have two separate axes' worth of spread: τ2 = 0, τ1 > 0.
    expect(v.jet1_tau21).toBe(0);
  });

  it('counts jets above the thresholds and measures the pair', () => {
    expect(v.njets_20).toBe(2);
    expect(v.njets_50).toBe(1);
    expect(v.njets_100).toBe(0);
    // The pair: jet 1 at φ = 0.1, jet 2 at φ = π.
    expect(v.dijet_dphi).toBeCloseTo(Math.PI - 0.1, 10);
    // Jet 1 = p1 + p2 = 100·cos(0.1)·(cos 0.1, sin 0.1, 0; E = 100), jet 2 = (−30, 0, 0; 30):
    // m² = 130² − (100cos²0.1 − 30)² − (100 cos0.1 sin0.1)².
    const px = 100 * Math.cos(0.1) ** 2 - 30;
    const py = 100 * Math.cos(0.1) * Math.sin(0.1);
    expect(v.dijet_mass).toBeCloseTo(Math.sqrt(130 ** 2 - px ** 2 - py ** 2), 9);
  });

  it('counts the visible final-state particles and sums their pT', () => {
    expect(v.n_final).toBe(3);
    expect(v.visible_pt).toBeCloseTo(130, 12);
  });

  it('gives NaN for what an event does not have', () => {
    const one = valuesOf(event([gluon(50, 0), gluon(5, 2)]));
    expect(one.jet1_pt).toBeCloseTo(50, 12);
    expect(one.jet1_tau21).toBeNaN(); // one constituent: τ1 = 0
    expect(one.jet2_pt).toBeNaN();
    expect(one.dijet_mass).toBeNaN();
    expect(one.njets_20).toBe(1);
    const none = valuesOf(event([]));
    expect(none.jet1_pt).toBeNaN();
    expect(none.njets_20).toBe(0);
    expect(none.n_final).toBe(0);
    expect(none.visible_pt).toBe(0);
  });

  it('converts MeV to GeV before clustering', () => {
    const mev = valuesOf(event([gluon(50_000, 0), gluon(30_000, 3)], [1], 'MEV'));
    expect(mev.jet1_pt).toBeCloseTo(50, 9);
    expect(mev.visible_pt).toBeCloseTo(80, 9);
  });
});

describe('ObservableCollector', () => {
  it('grows past its first capacity and keeps every value and first weight', () => {
    const collector = new ObservableCollector(SETTINGS);
    const n = 2500; // beyond the initial 1024 and 2048
    for (let i = 0; i < n; i++) collector.add(event([gluon(25 + i, 0)], [i, 99]));
    const c = collector.columns();
    expect(c.events).toBe(n);
    expect(c.weights.length).toBe(n);
    expect(c.weights[2499]).toBe(2499);
    const pt = c.values.get('jet1_pt') as Float64Array;
    expect(pt.length).toBe(n);
    expect(pt[0]).toBeCloseTo(25, 12);
    expect(pt[2499]).toBeCloseTo(2524, 9);
  });

  it('gives weight 1 to events without weights', () => {
    const collector = new ObservableCollector(SETTINGS);
    collector.add(event([gluon(30, 0)], []));
    expect(Array.from(collector.columns().weights)).toEqual([1]);
  });
});
