// The public types of @apemen/jetimage as a consumer sees them (strict, NodeNext).
import type { GenEvent } from '@apemen/eventio';
import {
  type BatchOptions,
  createImageStackWriter,
  createRng,
  eventImageSpec,
  type GridOptions,
  type ImageBatch,
  ImageDataset,
  type ImageGrid,
  type ImageStackWriter,
  JetImageError,
  type JetImageErrorCode,
  meanImage,
  type PixelisedImage,
  pixelise,
  pixeliseEvents,
  type Rng,
  resolveGrid,
  splitOf,
  type TrainingBatch,
  toTensor,
  unpixelise,
  writeEventImage,
} from '@apemen/jetimage';
import * as tf from '@tensorflow/tfjs-core';

const grid: GridOptions = { pixels: 32, axis: 'pseudorapidity' };
const resolved: ImageGrid = resolveGrid(grid);
const rng: Rng = createRng(1);
const single: PixelisedImage = pixelise([{ momentum: { px: 10, py: 0, pz: 0, e: 10 } }], grid);
const events: GenEvent[] = [unpixelise(single.image, grid, rng, { eventNumber: 0 })];
const batch: ImageBatch = pixeliseEvents(events, grid);
const x: tf.Tensor4D = toTensor(batch.images, batch.count, batch.pixels, tf);
const mean: Float32Array = meanImage(batch.images, batch.count, batch.pixels);
await writeEventImage('mean.png', mean, grid, { title: 'mean' });
const writer: ImageStackWriter = await createImageStackWriter('images.npy', resolved.pixels);
const options: BatchOptions = { batchSize: 16, epoch: 0, seed: 1 };
const data = await ImageDataset.open('cache/');
for await (const b of data.batches('train', options)) {
  const training: TrainingBatch = b;
  void training;
}
const code: JetImageErrorCode = new JetImageError('JETIMAGE_INPUT', 'example').code;
export const used = [x, writer, code, splitOf(1, 0.1), eventImageSpec(mean, grid)];
