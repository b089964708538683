import { ShowerError } from './errors.js';

/** The sizes of the shower network for an image size and kernel size. */
export interface ShowerGeometry {
  /** Image side N in pixels (N = k^(levels + 1)). */
  pixels: number;
  /** Kernel side k (also the pooling and deconvolution stride). */
  kernelSize: number;
  /** Number of encoder (and decoder) levels L = log_k N − 1. */
  levels: number;
  /**
   * Side of the image each encoder level works on, finest first: `sizes[i] = N / k^i`, so
   * `sizes[0] = N` and `sizes[levels − 1] = k²`. The mask of encoder level i has this side.
   */
  sizes: readonly number[];
  /** Side of the bottleneck, always k. */
  bottleneck: number;
}

/**
 * Works out the number of levels and the image side at each level of the shower network.
 *
 * @param pixels - the image side N
 * @param kernelSize - the kernel side k
 * @returns the geometry: L = log_k N − 1 levels, the side at each level and the k×k bottleneck
 * @throws {@link ShowerError} `BAD_GEOMETRY` if k < 2, or N is not k^(L+1) with L ≥ 1
 * @remarks
 * The original needs N to be a power of k so that L max-pools of size k leave a k×k bottleneck;
 * 64 = 2⁶ gives 5 levels for k = 2, and 81 = 3⁴ gives 3 levels for k = 3.
 * @example
 * ```ts
 * showerGeometry(64, 2); // { pixels: 64, kernelSize: 2, levels: 5, sizes: [64, 32, 16, 8, 4], bottleneck: 2 }
 * ```
 */
export function showerGeometry(pixels: number, kernelSize: number): ShowerGeometry {
  if (!Number.isInteger(kernelSize) || kernelSize < 2) {
    throw new ShowerError(
      'BAD_GEOMETRY',
      `kernel size must be a whole number ≥ 2, got ${kernelSize}`,
    );
  }
  if (!Number.isInteger(pixels) || pixels < kernelSize * kernelSize) {
    throw new ShowerError(
      'BAD_GEOMETRY',
      `image size must be a power of the kernel size k = ${kernelSize} of at least k² = ${kernelSize * kernelSize}, got ${pixels}`,
    );
  }
  const sizes: number[] = [];
  let side = pixels;
  while (side > kernelSize) {
    if (side % kernelSize !== 0) {
      throw new ShowerError(
        'BAD_GEOMETRY',
        `image size must be a power of the kernel size k = ${kernelSize} (such as ${kernelSize ** 3} or ${kernelSize ** 4}), got ${pixels}`,
      );
    }
    sizes.push(side);
    side /= kernelSize;
  }
  return { pixels, kernelSize, levels: sizes.length, sizes, bottleneck: kernelSize };
}
