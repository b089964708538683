/**
 * A run of images stored sparsely: the non-zero pixels only.
 *
 * @remarks
 * Event images are a few per cent occupied, so a shard of a batch crosses the process boundary as
 * about a twentieth of its dense size.
 */
export interface SparseImages {
  /** Number of images. */
  readonly count: number;
  /** Pixels per image, N². */
  readonly area: number;
  /** offsets[i]..offsets[i+1] index the non-zero pixels of image i; count + 1 entries. */
  readonly offsets: Int32Array;
  /** Pixel index within its image of each non-zero pixel. */
  readonly indices: Int32Array;
  /** Value of each non-zero pixel. */
  readonly values: Float32Array;
}

/**
 * Encodes images [first, first + count) of a dense batch sparsely.
 *
 * @param images - dense images, `area` values each, image after image
 * @param area - N²
 * @param first - first image to take
 * @param count - number of images to take
 * @returns the sparse form
 * @example
 * ```ts
 * encodeSparse(new Float32Array([0, 2, 0, 0]), 4, 0, 1).indices; // Int32Array [1]
 * ```
 */
export function encodeSparse(
  images: ArrayLike<number>,
  area: number,
  first: number,
  count: number,
): SparseImages {
  const offsets = new Int32Array(count + 1);
  let nonZero = 0;
  for (let i = 0; i < count * area; i++) if (images[first * area + i] !== 0) nonZero++;
  const indices = new Int32Array(nonZero);
  const values = new Float32Array(nonZero);
  let k = 0;
  for (let e = 0; e < count; e++) {
    const base = (first + e) * area;
    for (let p = 0; p < area; p++) {
      const v = images[base + p] as number;
      if (v !== 0) {
        indices[k] = p;
        values[k] = v;
        k++;
      }
    }
    offsets[e + 1] = k;
  }
  return { count, area, offsets, indices, values };
}

/**
 * Decodes sparse images into a dense array.
 *
 * @param sparse - from {@link encodeSparse}
 * @param out - where to write (count·area values, zeroed here); a new array when absent
 * @returns the dense images
 */
export function decodeSparse(sparse: SparseImages, out?: Float32Array): Float32Array {
  const { count, area, offsets, indices, values } = sparse;
  const dense =
    out !== undefined && out.length >= count * area
      ? out.subarray(0, count * area)
      : new Float32Array(count * area);
  dense.fill(0);
  for (let e = 0; e < count; e++) {
    const base = e * area;
    for (let k = offsets[e] as number; k < (offsets[e + 1] as number); k++) {
      dense[base + (indices[k] as number)] = values[k] as number;
    }
  }
  return dense;
}
