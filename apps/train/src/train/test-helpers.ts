import { writeNpy } from '@apemen/eventio';
import { createRng } from '@apemen/jetimage';

/**
 * Sparse event-like images: a few hard pixels (exponential pT) near two "jet" axes plus soft
 * scattered pixels, as showered events look once pixelised. For tests and benchmarks.
 *
 * @param count - number of images
 * @param pixels - N
 * @param seed - seed of the generator
 * @param occupancy - mean fraction of occupied pixels @defaultValue 0.03
 * @returns count·N² values, image after image
 */
export function sparseImages(
  count: number,
  pixels: number,
  seed: number,
  occupancy = 0.03,
): Float32Array {
  const rng = createRng(seed);
  const area = pixels * pixels;
  const images = new Float32Array(count * area);
  const perImage = Math.max(2, Math.round(occupancy * area));
  for (let e = 0; e < count; e++) {
    const axes = [
      [rng.integer(pixels), rng.integer(pixels)],
      [rng.integer(pixels), rng.integer(pixels)],
    ];
    for (let j = 0; j < perImage; j++) {
      const [ay, ax] = axes[j % 2] as number[];
      const spread = 1 + Math.floor((j / perImage) * pixels * 0.25);
      const y = ((ay as number) + rng.integer(2 * spread + 1) - spread + pixels) % pixels;
      const x = ((ax as number) + rng.integer(2 * spread + 1) - spread + pixels) % pixels;
      images[e * area + y * pixels + x] =
        (images[e * area + y * pixels + x] as number) -
        (20 * Math.log(1 - rng.uniform())) / (1 + j);
    }
  }
  return images;
}

/**
 * Writes {@link sparseImages} as a .npy stack [count, N, N].
 *
 * @param path - the file
 * @param count - number of images
 * @param pixels - N
 * @param seed - seed
 * @returns the images written
 */
export async function writeSparseStack(
  path: string,
  count: number,
  pixels: number,
  seed: number,
): Promise<Float32Array> {
  const images = sparseImages(count, pixels, seed);
  await writeNpy(path, images, [count, pixels, pixels]);
  return images;
}
