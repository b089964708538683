export { APEMEN_SEPARATOR, apemenFractions, formatApemenTextEvent } from './apemen-text.js';
export type { EventIOErrorCode, EventIOErrorDetails } from './errors.js';
export { EventIOError } from './errors.js';
export type {
  CrossSection,
  EventFormat,
  EventUnits,
  GenEvent,
  GenParticle,
  GenVertex,
  PdfInfo,
} from './event.js';
export { finalState, visible } from './event.js';
export {
  formatHepMC2Event,
  HEPMC2_END,
  HEPMC2_START,
  hepmc2Footer,
  hepmc2Header,
} from './hepmc2.js';
export {
  formatHepMC3Event,
  HEPMC3_END,
  HEPMC3_START,
  hepmc3Footer,
  hepmc3Header,
} from './hepmc3.js';
export type { LheInit, LheProcess } from './lhe.js';
export {
  defaultLheInit,
  formatLheEvent,
  LHE_NOMINAL_WEIGHT,
  LHE_TRAILER,
  lheFooter,
  lheHeader,
} from './lhe.js';
export type { NpyArray } from './npy.js';
export { npyHeader, readNpy, writeNpy } from './npy.js';
export type { ReadEventsOptions } from './read.js';
export { readEvents, readLheInit, sniffFormat } from './read.js';
export type { EventWriter, EventWriterOptions, WritableEventFormat } from './write.js';
export { createEventWriter } from './write.js';
