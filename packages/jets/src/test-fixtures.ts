// Readers of the fixtures that tools/fastjet-fixtures/fixtures.cc wrote with FastJet 3.4.0.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const fixtureDir = join(here, '..', 'test', 'fixtures');
export const sharedEvents = join(here, '..', '..', '..', '..', 'shared', 'data', 'events');

export interface ColumnParticles {
  px: Float64Array;
  py: Float64Array;
  pz: Float64Array;
  e: Float64Array;
}

export interface ReferenceJet {
  px: number;
  py: number;
  pz: number;
  e: number;
  rapidity: number;
  phi: number;
  mass: number;
  constituents: number[];
}

export interface ReferenceConfig {
  algorithm: 'antikt' | 'kt' | 'cambridge';
  R: number;
  ptMin: number;
  jets: ReferenceJet[];
}

function lines(name: string): string[][] {
  return readFileSync(join(fixtureDir, name), 'utf8')
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.split(' '));
}

function toColumns(rows: number[][]): ColumnParticles {
  const n = rows.length;
  const c = {
    px: new Float64Array(n),
    py: new Float64Array(n),
    pz: new Float64Array(n),
    e: new Float64Array(n),
  };
  rows.forEach((r, i) => {
    c.px[i] = r[0] as number;
    c.py[i] = r[1] as number;
    c.pz[i] = r[2] as number;
    c.e[i] = r[3] as number;
  });
  return c;
}

function parseJet(f: string[]): ReferenceJet {
  const count = Number(f[8]);
  return {
    px: Number(f[1]),
    py: Number(f[2]),
    pz: Number(f[3]),
    e: Number(f[4]),
    rapidity: Number(f[5]),
    phi: Number(f[6]),
    mass: Number(f[7]),
    constituents: f.slice(9, 9 + count).map(Number),
  };
}

/** The FastJet example event, read from the shared data file (px py pz E per line). */
export function singleEvent(): ColumnParticles {
  const text = readFileSync(join(sharedEvents, 'fastjet-examples_single-event.dat'), 'utf8');
  const rows = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => l.split(/\s+/).map(Number));
  return toColumns(rows);
}

/** The status-1 particles of each event of the 13 TeV HepMC2 sample. */
export function hepmcEvents(): ColumnParticles[] {
  const events: number[][][] = [];
  for (const f of lines('hepmc13tev-particles.txt')) {
    if (f[0] === 'event') events.push([]);
    else if (f[0] === 'p') events[events.length - 1]?.push(f.slice(1).map(Number));
  }
  return events.map(toColumns);
}

export interface ExclusiveReference {
  kind: 'njets' | 'dcut';
  value: number;
  dmerge?: number;
  jets: ReferenceJet[];
}

/** Inclusive (and exclusive, where present) reference jets of each event of a jets fixture. */
export function referenceJets(name: string): {
  configs: ReferenceConfig[][];
  exclusive: ExclusiveReference[];
} {
  const configs: ReferenceConfig[][] = [];
  const exclusive: ExclusiveReference[] = [];
  let current: ReferenceJet[] | undefined;
  for (const f of lines(name)) {
    if (f[0] === 'event') {
      configs.push([]);
    } else if (f[0] === 'config') {
      const config: ReferenceConfig = {
        algorithm: f[1] as ReferenceConfig['algorithm'],
        R: Number(f[2]),
        ptMin: Number(f[3]),
        jets: [],
      };
      configs[configs.length - 1]?.push(config);
      current = config.jets;
    } else if (f[0] === 'exclusive-njets') {
      const x: ExclusiveReference = {
        kind: 'njets',
        value: Number(f[3]),
        dmerge: Number(f[5]),
        jets: [],
      };
      exclusive.push(x);
      current = x.jets;
    } else if (f[0] === 'exclusive-dcut') {
      const x: ExclusiveReference = { kind: 'dcut', value: Number(f[3]), jets: [] };
      exclusive.push(x);
      current = x.jets;
    } else if (f[0] === 'jet') {
      current?.push(parseJet(f));
    }
  }
  return { configs, exclusive };
}

/** The e+e−-like event of ee-durham.txt with FastJet's ee_kt results. */
export function durhamReference(): {
  particles: ColumnParticles;
  q: number;
  ymerge: Map<number, { y: number; yMax: number }>;
  exclusive: Map<number, ReferenceJet[]>;
} {
  const rows: number[][] = [];
  let q = Number.NaN;
  const ymerge = new Map<number, { y: number; yMax: number }>();
  const exclusive = new Map<number, ReferenceJet[]>();
  let current: ReferenceJet[] | undefined;
  for (const f of lines('ee-durham.txt')) {
    if (f[0] === 'p') rows.push(f.slice(1).map(Number));
    else if (f[0] === 'Q') q = Number(f[1]);
    else if (f[0] === 'ymerge') ymerge.set(Number(f[1]), { y: Number(f[2]), yMax: Number(f[3]) });
    else if (f[0] === 'exclusive') {
      current = [];
      exclusive.set(Number(f[1]), current);
    } else if (f[0] === 'jet') current?.push(parseJet(f));
  }
  return { particles: toColumns(rows), q, ymerge, exclusive };
}

/** The tie-laden event and FastJet's N2Plain history for each configuration. */
export function tiesReference(): {
  particles: ColumnParticles;
  histories: {
    algorithm: ReferenceConfig['algorithm'];
    R: number;
    steps: { parent1: number; parent2: number; dij: number }[];
  }[];
} {
  const rows: number[][] = [];
  const histories: ReturnType<typeof tiesReference>['histories'] = [];
  for (const f of lines('ties.txt')) {
    if (f[0] === 'p') rows.push(f.slice(1).map(Number));
    else if (f[0] === 'history') {
      histories.push({
        algorithm: f[1] as ReferenceConfig['algorithm'],
        R: Number(f[2]),
        steps: [],
      });
    } else if (f[0] === 'h') {
      histories[histories.length - 1]?.steps.push({
        parent1: Number(f[1]),
        parent2: Number(f[2]),
        dij: Number(f[3]),
      });
    }
  }
  return { particles: toColumns(rows), histories };
}

/** FastJet-made τ₁, τ₂, τ₃ of the three hardest anti-kt R = 1 jets of each event. */
export function nsubjettinessReference(): {
  event: string;
  rank: number;
  pt: number;
  tau: [number, number, number];
}[] {
  return lines('nsubjettiness.txt').map((f) => ({
    event: f[1] as string,
    rank: Number(f[2]),
    pt: Number(f[3]),
    tau: [Number(f[4]), Number(f[5]), Number(f[6])],
  }));
}

/** Synthetic corner-case events and FastJet's N2Plain parents of every step, per configuration. */
export function edgeCaseReference(): {
  label: string;
  particles: ColumnParticles;
  histories: { algorithm: string; R: number; parents: [number, number][] }[];
}[] {
  const events: {
    label: string;
    rows: number[][];
    histories: { algorithm: string; R: number; parents: [number, number][] }[];
  }[] = [];
  for (const f of lines('edge-cases.txt')) {
    const current = events[events.length - 1];
    if (f[0] === 'event') events.push({ label: f[1] as string, rows: [], histories: [] });
    else if (f[0] === 'p') current?.rows.push(f.slice(1).map(Number));
    else if (f[0] === 'history') {
      current?.histories.push({ algorithm: f[1] as string, R: Number(f[2]), parents: [] });
    } else if (f[0] === 'h') {
      current?.histories[current.histories.length - 1]?.parents.push([Number(f[1]), Number(f[2])]);
    }
  }
  return events.map((e) => ({
    label: e.label,
    particles: toColumns(e.rows),
    histories: e.histories,
  }));
}
