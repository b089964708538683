// Agreement with FastJet 3.4.0 itself: fixtures made by tools/fastjet-fixtures/fixtures.cc.
import { describe, expect, it } from 'vitest';
import { cluster } from './cluster.js';
import {
  exclusiveDmerge,
  exclusiveJets,
  exclusiveYmerge,
  inclusiveJets,
  type Jet,
} from './jets.js';
import {
  type ColumnParticles,
  durhamReference,
  edgeCaseReference,
  hepmcEvents,
  type ReferenceConfig,
  type ReferenceJet,
  referenceJets,
  singleEvent,
  tiesReference,
} from './test-fixtures.js';

// The jets are sums of the same particles in the same order as FastJet's, so momenta agree to
// the last bit in practice; the contract is 1e-9 relative in pt. Rapidity, φ and mass go through
// V8's log/atan2/sqrt, which may differ from glibc's by an ulp, hence 1e-12 (absolute in y and φ,
// relative to E for the mass, which loses digits by cancellation in light jets).
const PT_TOLERANCE = 1e-9;

function expectSameJets(jets: Jet[], reference: ReferenceJet[], label: string): void {
  expect(jets.length, `${label}: number of jets`).toBe(reference.length);
  jets.forEach((jet, i) => {
    const ref = reference[i] as ReferenceJet;
    const refPt = Math.sqrt(ref.px * ref.px + ref.py * ref.py);
    expect(jet.constituents, `${label} jet ${i} constituents`).toEqual(ref.constituents);
    expect(Math.abs(jet.pt - refPt) / refPt, `${label} jet ${i} pt`).toBeLessThanOrEqual(
      PT_TOLERANCE,
    );
    expect(Math.abs(jet.e - ref.e) / ref.e).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(jet.rapidity - ref.rapidity)).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(jet.phi - ref.phi)).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(jet.mass - ref.mass)).toBeLessThanOrEqual(1e-12 * ref.e);
  });
}

function checkConfigs(particles: ColumnParticles, configs: ReferenceConfig[], label: string): void {
  expect(configs.length).toBe(6);
  for (const config of configs) {
    const sequence = cluster(particles, { algorithm: config.algorithm, R: config.R });
    const jets = inclusiveJets(sequence, config.ptMin);
    expectSameJets(jets, config.jets, `${label} ${config.algorithm} R=${config.R}`);
  }
}

describe('agreement with FastJet 3.4.0', () => {
  it('gives every inclusive jet of the FastJet example event (354 particles, pt ≥ 0)', () => {
    const { configs } = referenceJets('single-event-jets.txt');
    const reference = configs[0] ?? [];
    checkConfigs(singleEvent(), reference, 'single-event');
    // Sanity of the fixture itself: the example is a dijet event, two jets of about 900 GeV and then
    // soft ones; with pt ≥ 0 every particle ends in some jet.
    const antikt = reference[0] as ReferenceConfig;
    const pts = antikt.jets.map((j) => Math.hypot(j.px, j.py));
    expect(pts[0]).toBeGreaterThan(800);
    expect(pts[1]).toBeGreaterThan(800);
    expect(pts[2]).toBeLessThan(100);
    const all = antikt.jets.flatMap((j) => j.constituents).sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 354 }, (_, i) => i));
  });

  it('gives the jets with pt ≥ 5 GeV of every event of the 13 TeV HepMC2 sample', () => {
    const events = hepmcEvents();
    const { configs } = referenceJets('hepmc13tev-jets.txt');
    expect(events.length).toBe(6);
    expect(events.reduce((sum, ev) => sum + ev.px.length, 0)).toBe(2574);
    events.forEach((particles, k) => {
      checkConfigs(particles, configs[k] ?? [], `event ${k}`);
    });
  });

  it('gives the exclusive kt (R = 1) jets for njets = 2, 3, 4 and dcut = 100, 400 GeV²', () => {
    const { exclusive } = referenceJets('single-event-jets.txt');
    const sequence = cluster(singleEvent(), { algorithm: 'kt', R: 1 });
    expect(exclusive.length).toBe(5);
    for (const x of exclusive) {
      const jets = exclusiveJets(
        sequence,
        x.kind === 'njets' ? { njets: x.value } : { dcut: x.value },
      );
      expectSameJets(jets, x.jets, `exclusive ${x.kind} ${x.value}`);
      if (x.dmerge !== undefined) {
        expect(exclusiveDmerge(sequence, x.value)).toBe(x.dmerge);
      }
    }
  });

  it('gives the Durham (ee_kt) ymerge values and exclusive jets of an e+e−-like event', () => {
    const reference = durhamReference();
    const sequence = cluster(reference.particles, { algorithm: 'ee_kt' });
    expect(sequence.qTotal).toBe(reference.q);
    expect(reference.ymerge.size).toBe(5);
    for (const [n, { y }] of reference.ymerge) {
      // The unit vectors go through one sqrt each; 1e-12 relative allows an ulp of difference.
      expect(Math.abs(exclusiveYmerge(sequence, n) - y) / y).toBeLessThanOrEqual(1e-12);
    }
    for (const [n, jets] of reference.exclusive) {
      const ours = exclusiveJets(sequence, { njets: n });
      expect(ours.map((j) => j.constituents)).toEqual(jets.map((j) => j.constituents));
      ours.forEach((jet, i) => {
        expect(Math.abs(jet.e - (jets[i]?.e ?? 0))).toBeLessThanOrEqual(1e-12 * jet.e);
      });
    }
  });

  it("reproduces FastJet's N2Plain history step by step on an event full of exact ties", () => {
    // Duplicated particles sit at distance 0 from each other, so many d_ij are exactly equal and
    // the order of merges is decided by tie-breaking alone.
    const { particles, histories } = tiesReference();
    expect(histories.length).toBe(6);
    for (const history of histories) {
      const sequence = cluster(particles, { algorithm: history.algorithm, R: history.R });
      const label = `${history.algorithm} R=${history.R}`;
      const parents = history.steps.map((_, i) => [sequence.parent1[i], sequence.parent2[i]]);
      expect(parents, label).toEqual(history.steps.map((h) => [h.parent1, h.parent2]));
      // d_ij goes through V8's log (rapidity), which may differ from glibc's in the last bit.
      history.steps.forEach((h, i) => {
        expect(
          Math.abs((sequence.dij[i] as number) - h.dij),
          `${label} step ${i}`,
        ).toBeLessThanOrEqual(1e-14 * Math.abs(h.dij));
      });
    }
  });

  it('follows FastJet step by step on corner cases: beam particles, pt = 0, spacelike, φ ≈ 0, R > π', () => {
    // Three events with particles along the beam (y = ±(10⁵ + |pz|)), pt = 0 massive ones,
    // E < |p|, φ = ±1e-3, duplicates and collinear pairs; R = 0.05 (below the 0.1 tile floor),
    // 0.4, 1.5, 3.5; and ee_kt. Every step's parents must be FastJet's.
    const events = edgeCaseReference();
    expect(events.length).toBe(3);
    for (const event of events) {
      expect(event.particles.px.length).toBe(40);
      expect(event.histories.length).toBe(13);
      for (const history of event.histories) {
        const sequence = cluster(event.particles, {
          algorithm: history.algorithm as 'antikt' | 'kt' | 'cambridge' | 'ee_kt',
          R: history.R,
        });
        const ours = history.parents.map((_, i) => [sequence.parent1[i], sequence.parent2[i]]);
        expect(ours, `${event.label} ${history.algorithm} R=${history.R}`).toEqual(history.parents);
      }
    }
  });
});
