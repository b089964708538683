// Benchmark of `apemen report`'s parts: the observables of reference-shower dijet events
// (clustering, τ21, per event) and the exact weighted Wasserstein-1 distance on large samples.
//
//   node --conditions=@apemen/source --import tsx/esm bench/report/report.ts [--events 5000] [--w1 1000000]
//
// Prints JSON: events/s of ObservableCollector.add on dijet events of @apemen/refshower
// (generated in memory, not timed), and seconds per W1 of two samples of --w1 values with unit
// and with random weights.

import { ObservableCollector } from '../../apps/train/src/report/observables.js';
import { wasserstein1 } from '../../apps/train/src/report/stats.js';
import { generateEvent } from '../../packages/refshower/src/index.js';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i !== -1 && process.argv[i + 1] !== undefined ? Number(process.argv[i + 1]) : fallback;
}
const nEvents = option('--events', 5000);
const nW1 = option('--w1', 1_000_000);

const events = Array.from(
  { length: nEvents },
  (_, i) => generateEvent(i, { process: 'dijet', seed: 1 }).event,
);
const collector = new ObservableCollector({ R: 0.4, ptMin: 20 });
let t = performance.now();
for (const event of events) collector.add(event);
const observableSeconds = (performance.now() - t) / 1000;

let state = 12345;
const random = (): number => {
  state = (state * 1103515245 + 12345) % 2147483648;
  return state / 2147483648;
};
const a = Float64Array.from({ length: nW1 }, random);
const b = Float64Array.from({ length: nW1 }, random);
const wa = Float64Array.from({ length: nW1 }, random);
const wb = Float64Array.from({ length: nW1 }, random);
t = performance.now();
wasserstein1({ values: a }, { values: b });
const unweighted = (performance.now() - t) / 1000;
t = performance.now();
wasserstein1({ values: a, weights: wa }, { values: b, weights: wb });
const weighted = (performance.now() - t) / 1000;

console.log(
  JSON.stringify(
    {
      events: nEvents,
      observableEventsPerSecond: Math.round(nEvents / observableSeconds),
      observablesPerEvent: collector.observables.length,
      w1Values: nW1,
      w1UnitWeightsSeconds: Number(unweighted.toFixed(3)),
      w1RandomWeightsSeconds: Number(weighted.toFixed(3)),
    },
    null,
    2,
  ),
);
