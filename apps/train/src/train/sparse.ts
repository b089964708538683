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
  // One pass into buffers that grow by doubling (event images are a few per cent occupied).
  let capacity = Math.max(64, Math.ceil((count * area) / 16));
  let indices = new Int32Array(capacity);
  let values = new Float32Array(capacity);
  let k = 0;
  const push = (p: number, v: number): void => {
    if (k === capacity) {
      capacity *= 2;
      const i2 = new Int32Array(capacity);
      i2.set(indices);
      indices = i2;
      const v2 = new Float32Array(capacity);
      v2.set(values);
      values = v2;
    }
    indices[k] = p;
    values[k] = v;
    k++;
  };
  // Float32 input whose images start on 8-byte boundaries is scanned eight pixels at a time as
  // float64 words (a word is 0 only when both its floats are zero; −0 in the low half reads as a
  // non-zero denormal and is then looked at pixel by pixel).
  const start = images instanceof Float32Array ? (images.byteOffset >> 2) + first * area : 1;
  const words =
    images instanceof Float32Array && (start & 1) === 0 && (area & 7) === 0
      ? new Float64Array(images.buffer, images.byteOffset + first * area * 4, (count * area) >> 1)
      : undefined;
  for (let e = 0; e < count; e++) {
    const base = (first + e) * area;
    if (words !== undefined) {
      const w0 = (e * area) >> 1;
      for (let p = 0; p < area; p += 8) {
        const w = w0 + (p >> 1);
        if (words[w] === 0 && words[w + 1] === 0 && words[w + 2] === 0 && words[w + 3] === 0) {
          continue;
        }
        for (let q = p; q < p + 8; q++) {
          const v = images[base + q] as number;
          if (v !== 0) push(q, v);
        }
      }
    } else {
      for (let p = 0; p < area; p++) {
        const v = images[base + p] as number;
        if (v !== 0) push(p, v);
      }
    }
    offsets[e + 1] = k;
  }
  return { count, area, offsets, indices: indices.slice(0, k), values: values.slice(0, k) };
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
