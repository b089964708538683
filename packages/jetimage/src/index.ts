export type {
  BatchOptions,
  CacheShard,
  CacheSource,
  ImageCacheManifest,
  ImageCacheOptions,
  Split,
  TrainingBatch,
} from './dataset.js';
export {
  buildImageCache,
  ensureImageCache,
  ImageDataset,
  readImageCacheManifest,
  splitOf,
} from './dataset.js';
export type { ErrorLocation, JetImageErrorCode } from './errors.js';
export { JetImageError } from './errors.js';
export type { FractionLines } from './fractions.js';
export { pixeliseFractions } from './fractions.js';
export type { GridOptions, ImageGrid, LongitudinalAxis, Normalisation } from './grid.js';
export { checkPowerOfKernel, isPowerOf, resolveGrid } from './grid.js';
export type { EventImageOptions } from './picture.js';
export { eventImageSpec, meanImage, writeEventImage } from './picture.js';
export type {
  HasMomentum,
  ImageBatch,
  Momentum,
  ParticleSelection,
  PixelisedImage,
  PixeliseEventsOptions,
  PixelStats,
} from './pixelise.js';
export {
  azimuthFrom,
  binOf,
  longitudinal,
  particleFractions,
  pixelise,
  pixeliseEvents,
  pixeliseInto,
  selectParticles,
} from './pixelise.js';
export type { Rng } from './rng.js';
export { createRng, rngFromState } from './rng.js';
export type { ImageStackWriter } from './stack-writer.js';
export { createImageStackWriter } from './stack-writer.js';
export type { Tensor4dFactory, TensorLike } from './tensor.js';
export { imagesFromTensor, toTensor } from './tensor.js';
export type { UnpixeliseOptions } from './unpixelise.js';
export { unpixelise } from './unpixelise.js';
