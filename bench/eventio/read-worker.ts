// Reads one event file with @apemen/eventio and prints timing and peak RSS as JSON; run by
// read-hepmc2.ts in a child process so the peak RSS is the reader's alone.
import { finalState, readEvents } from '../../packages/eventio/src/index.js';

const file = process.argv[2];
if (file === undefined) {
  process.stderr.write('usage: read-worker.ts <file>\n');
  process.exit(2);
}
const start = process.hrtime.bigint();
let events = 0;
let particles = 0;
let final = 0;
for await (const ev of readEvents(file)) {
  events++;
  particles += ev.particles.length;
  final += finalState(ev).length;
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
process.stdout.write(
  `${JSON.stringify({ events, particles, finalState: final, seconds, maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`,
);
