/**
 * Throughput of the reference shower: events per second for e+e− → qq̄ at 91.2 GeV and for the
 * dijet process (pT 100–500 GeV), both for the shower alone and for full GenEvent records.
 *
 * Run: node --conditions=@apemen/source --import tsx/esm bench/refshower/bench.ts [events]
 * Prints one JSON object.
 */
import {
  createRandom,
  dijet,
  eeToQuarks,
  generateEvent,
  showerPartons,
} from '../../packages/refshower/src/index.ts';

const events = Number(process.argv[2] ?? 20_000);

function measure(run: (i: number) => number): { eventsPerSecond: number; meanPartons: number } {
  for (let i = 0; i < Math.min(2000, events); i++) run(i);
  const start = process.hrtime.bigint();
  let partons = 0;
  for (let i = 0; i < events; i++) partons += run(i);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return {
    eventsPerSecond: Math.round(events / seconds),
    meanPartons: Number((partons / events).toFixed(3)),
  };
}

const showerOnly = (process: 'ee' | 'dijet') => (i: number) => {
  const random = createRandom(1, i);
  const hard = process === 'ee' ? eeToQuarks(random) : dijet(random);
  return showerPartons(hard.partons, hard.startScale, random).partons.length;
};

const fullEvent = (process: 'ee' | 'dijet') => (i: number) =>
  generateEvent(i, { process, seed: 1 }).event.particles.filter((p) => p.status === 1).length;

console.log(
  JSON.stringify(
    {
      benchmark: 'refshower',
      node: process.version,
      events,
      cutoffGeV2: 1,
      ee: { shower: measure(showerOnly('ee')), genEvent: measure(fullEvent('ee')) },
      dijet: { shower: measure(showerOnly('dijet')), genEvent: measure(fullEvent('dijet')) },
    },
    null,
    2,
  ),
);
