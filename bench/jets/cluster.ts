// Milliseconds per event of @apemen/jets clustering, side by side with FastJet 3.4 on the same
// events. Run from the repository root:
//
//   node --conditions=@apemen/source --import tsx/esm bench/jets/cluster.ts [--quick]
//
// The events are seeded and realistic in shape: a few hard collimated sprays (jets) over a soft,
// flat-in-rapidity background, |y| < 5, pion masses. FastJet's timing program
// (tools/fastjet-fixtures/timing.cc) is compiled into .tmp/fastjet-fixtures/ on first use when
// g++ and fastjet-config are available; without them the FastJet column is null. Both sides
// measure processor time (not wall time), best of several rounds, since the machines are shared.
// Prints one JSON object.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ClusterSequence, cluster, inclusiveJets } from '../../packages/jets/src/index.js';

type Algorithm = 'antikt' | 'kt' | 'cambridge';

const quick = process.argv.includes('--quick');
const R = 0.4;
const SIZES = [
  { n: 200, events: 20 },
  { n: 1000, events: 10 },
  { n: 5000, events: 4 },
];
const ALGORITHMS: Algorithm[] = ['antikt', 'kt', 'cambridge'];
const PION_MASS = 0.13957;

/** mulberry32: a small seeded generator, so every run times the same events. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Event {
  px: Float64Array;
  py: Float64Array;
  pz: Float64Array;
  e: Float64Array;
}

function makeEvent(n: number, random: () => number): Event {
  const ev = {
    px: new Float64Array(n),
    py: new Float64Array(n),
    pz: new Float64Array(n),
    e: new Float64Array(n),
  };
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const put = (k: number, pt: number, y: number, phi: number) => {
    const mt = Math.sqrt(pt * pt + PION_MASS * PION_MASS);
    ev.px[k] = pt * Math.cos(phi);
    ev.py[k] = pt * Math.sin(phi);
    ev.pz[k] = mt * Math.sinh(y);
    ev.e[k] = mt * Math.cosh(y);
  };
  // A third of the particles in 2–4 hard sprays, the rest soft background.
  const nJets = 2 + Math.floor(random() * 3);
  const inJets = Math.floor(n / 3);
  let k = 0;
  for (let j = 0; j < nJets; j++) {
    const jetY = (random() - 0.5) * 5;
    const jetPhi = random() * 2 * Math.PI;
    const count = j === nJets - 1 ? inJets - k : Math.floor(inJets / nJets);
    for (let c = 0; c < count; c++, k++) {
      put(k, 1 + 20 * random() ** 3, jetY + 0.1 * gauss(), jetPhi + 0.1 * gauss());
    }
  }
  for (; k < n; k++)
    put(k, -Math.log(1 - random()) * 0.8 + 0.05, (random() - 0.5) * 10, random() * 2 * Math.PI);
  return ev;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function timeOurs(
  events: Event[],
  algorithm: Algorithm,
  rounds: number,
): { ms: number; jets: number } {
  let jets = 0;
  for (const ev of events) jets += inclusiveJets(cluster(ev, { algorithm, R })).length;
  let sink: ClusterSequence | undefined;
  for (let w = 0; w < 3; w++) for (const ev of events) sink = cluster(ev, { algorithm, R });
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    const start = cpuMs();
    for (const ev of events) {
      sink = cluster(ev, { algorithm, R });
      inclusiveJets(sink);
    }
    best = Math.min(best, (cpuMs() - start) / events.length);
  }
  return { ms: best, jets };
}

function fastjetTimer(): string | undefined {
  const dir = join('.tmp', 'fastjet-fixtures');
  const binary = join(dir, 'timing');
  if (existsSync(binary)) return binary;
  try {
    const flags = execFileSync('fastjet-config', ['--cxxflags', '--libs'], { encoding: 'utf8' })
      .trim()
      .split(/\s+/);
    mkdirSync(dir, { recursive: true });
    execFileSync('g++', [
      '-O2',
      '-std=c++17',
      '-o',
      binary,
      'tools/fastjet-fixtures/timing.cc',
      ...flags,
    ]);
    return binary;
  } catch {
    return undefined;
  }
}

function timeFastJet(
  binary: string | undefined,
  file: string,
  algorithm: Algorithm,
  rounds: number,
): Map<number, { ms: number; jets: number; strategy: string }> {
  const result = new Map<number, { ms: number; jets: number; strategy: string }>();
  if (binary === undefined) return result;
  for (let r = 0; r < rounds; r++) {
    const out = execFileSync(binary, [file, algorithm, String(R), '5'], { encoding: 'utf8' });
    for (const line of out.trim().split('\n')) {
      const row = JSON.parse(line) as {
        n: number;
        msPerEvent: number;
        jets: number;
        strategy: string;
      };
      const previous = result.get(row.n);
      if (previous === undefined || row.msPerEvent < previous.ms) {
        result.set(row.n, { ms: row.msPerEvent, jets: row.jets, strategy: row.strategy });
      }
    }
  }
  return result;
}

const random = generator(20261204);
const bySize = SIZES.map(({ n, events }) => ({
  n,
  events: Array.from({ length: quick ? Math.max(1, events >> 2) : events }, () =>
    makeEvent(n, random),
  ),
}));
mkdirSync('.tmp', { recursive: true });
const eventFile = join('.tmp', 'bench-jets-events.txt');
writeFileSync(
  eventFile,
  bySize
    .flatMap(({ events }) =>
      events.map((ev) => {
        const lines = [`event ${ev.px.length}`];
        for (let k = 0; k < ev.px.length; k++)
          lines.push(`${ev.px[k]} ${ev.py[k]} ${ev.pz[k]} ${ev.e[k]}`);
        return lines.join('\n');
      }),
    )
    .join('\n'),
);
const binary = fastjetTimer();
const rounds = quick ? 2 : 5;
const results = [];
for (const algorithm of ALGORITHMS) {
  const fastjet = timeFastJet(binary, eventFile, algorithm, rounds);
  for (const { n, events } of bySize) {
    const ours = timeOurs(events, algorithm, rounds);
    const theirs = fastjet.get(n);
    results.push({
      algorithm,
      n,
      events: events.length,
      msPerEvent: Number(ours.ms.toFixed(4)),
      fastjetMsPerEvent: theirs ? Number(theirs.ms.toFixed(4)) : null,
      ratio: theirs ? Number((ours.ms / theirs.ms).toFixed(2)) : null,
      fastjetStrategy: theirs?.strategy ?? null,
      sameJetCount: theirs ? theirs.jets === ours.jets : null,
    });
  }
}
console.log(
  JSON.stringify(
    {
      bench: 'jets/cluster',
      R,
      clock: 'process CPU time, best of rounds',
      node: process.version,
      fastjet: binary ?? null,
      results,
    },
    null,
    2,
  ),
);
