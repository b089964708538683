import { ShowerError } from '../errors.js';
import type { FusedShowerNetwork } from './network.js';
import { FusedRandom } from './rng.js';
import { eventSeed } from './trainer.js';

/**
 * Runs the network over a batch of images (the stochastic shower, images in, images out) on the
 * fused path, visiting only children of non-zero parents.
 *
 * @param network - a network whose parameters are set ({@link FusedShowerNetwork.setParameters})
 * @param images - B×N×N images, row-major, event-major (GeV for generation)
 * @param batchSize - B
 * @param seed - seed of the mask streams; event b uses the stream seeded by (seed, 0, b)
 * @param out - where to write the B×N×N output @defaultValue a new Float32Array
 * @returns `out`
 * @throws {@link ShowerError} `BAD_INPUT` when `images` or `out` is shorter than B·N²
 *
 * @remarks The original merged the decoder's output with the unshowered input at every level
 * (CKKW-like, `@apemen/merging`); this is the network alone.
 *
 * @example
 * ```ts
 * const net = new FusedShowerNetwork(fusedGeometry(64, 2, 9));
 * net.setParameters(conv, deconv, probabilities);
 * const showered = fusedGenerate(net, unshowered, 256, 140280);
 * ```
 */
export function fusedGenerate(
  network: FusedShowerNetwork,
  images: ArrayLike<number>,
  batchSize: number,
  seed: number,
  out?: Float32Array,
): Float32Array {
  const N = network.geometry.pixels;
  const area = N * N;
  const result = out ?? new Float32Array(batchSize * area);
  if (images.length < batchSize * area || result.length < batchSize * area) {
    throw new ShowerError(
      'BAD_INPUT',
      `expected ${batchSize} images of ${N}×${N} (${batchSize * area} values), got ${images.length} in and room for ${result.length} out`,
    );
  }
  const rng = new FusedRandom(0);
  for (let b = 0; b < batchSize; b++) {
    rng.reseed(eventSeed(seed, 0, b));
    network.forwardEvent(images, b * area, rng, { dense: false });
    result.set(network.output, b * area);
  }
  return result;
}
