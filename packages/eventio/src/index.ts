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
