import type { GenEvent, GenParticle } from '@apemen/eventio';
import { FourVector } from '@apemen/fourvec';

/** A particle of mass m at rapidity y, azimuth φ, transverse momentum pT (test helper). */
export function particleAt(
  y: number,
  phi: number,
  pt: number,
  options: { mass?: number; pdgId?: number; status?: number; id?: number } = {},
): GenParticle {
  const mass = options.mass ?? 0;
  const mt = Math.hypot(pt, mass);
  return {
    id: options.id ?? 1,
    pdgId: options.pdgId ?? 211,
    status: options.status ?? 1,
    momentum: new FourVector(
      pt * Math.cos(phi),
      pt * Math.sin(phi),
      mt * Math.sinh(y),
      mt * Math.cosh(y),
    ),
    generatedMass: mass,
    productionVertex: 0,
    endVertex: 0,
  };
}

/** An event holding the given particles (test helper). */
export function eventOf(eventNumber: number, particles: GenParticle[], weight = 1): GenEvent {
  return {
    eventNumber,
    weights: [weight],
    units: { momentum: 'GEV', length: 'MM' },
    particles: particles.map((p, k) => ({ ...p, id: k + 1 })),
    vertices: [],
  };
}
