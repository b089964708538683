// The public types of @apemen/eventio as a consumer sees them (strict, NodeNext).
import {
  createEventWriter,
  type EventFormat,
  EventIOError,
  type EventIOErrorCode,
  type EventUnits,
  type EventWriter,
  type EventWriterOptions,
  finalState,
  formatHepMC3Event,
  type GenEvent,
  type GenParticle,
  type GenVertex,
  type LheInit,
  type NpyArray,
  type ReadEventsOptions,
  readEvents,
  readLheInit,
  readNpy,
  sniffFormat,
  visible,
  type WritableEventFormat,
  writeNpy,
} from '@apemen/eventio';
import { FourVector } from '@apemen/fourvec';

const units: EventUnits = { momentum: 'GEV', length: 'MM' };
const particle: GenParticle = {
  id: 1,
  pdgId: 21,
  status: 1,
  momentum: FourVector.fromPxPyPzE(10, 0, 0, 10),
  generatedMass: 0,
  productionVertex: 0,
  endVertex: 0,
};
const vertices: GenVertex[] = [];
const event: GenEvent = { eventNumber: 1, weights: [1], units, particles: [particle], vertices };
const format: WritableEventFormat = 'hepmc3';
const options: EventWriterOptions = {};
const writer: EventWriter = createEventWriter('out.hepmc3', format, options);
await writer.write(event);
await writer.close();
const sniffed: EventFormat = await sniffFormat('out.hepmc3');
const readOptions: ReadEventsOptions = { format: sniffed };
for await (const ev of readEvents('out.hepmc3', readOptions)) {
  const pts: number[] = finalState(ev).map((p) => p.momentum.pt);
  const shown: GenParticle[] = visible(ev);
  void [pts, shown];
}
const text: string = formatHepMC3Event(event, {});
const init: LheInit = await readLheInit('events.lhe');
await writeNpy('x.npy', new Float32Array(4), [2, 2]);
const array: NpyArray = await readNpy('x.npy');
const error = new EventIOError('bad-field', 'expected a number', { file: 'x', line: 3 });
const code: EventIOErrorCode = error.code;
export const used = [text, init, array, code];
