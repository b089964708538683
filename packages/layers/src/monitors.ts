import * as tfl from '@tensorflow/tfjs-layers';
import { LayersConfigError } from './errors.js';
import { FilterMask } from './filter_mask.js';
import type { UnresolvedLogs } from './tfjs_types.js';

/** Filter probabilities of one level: C numbers. */
export type LevelProbabilities = ArrayLike<number>;

function checkLevels(levels: readonly LevelProbabilities[]): number {
  const first = levels[0];
  if (first === undefined) throw new LayersConfigError('levels', 'at least one level', '[]');
  const c = first.length;
  if (c < 2 || levels.some((p) => p.length !== c)) {
    throw new LayersConfigError(
      'levels',
      'levels of equal length C ≥ 2',
      levels.map((p) => p.length),
    );
  }
  return c;
}

/**
 * "Activation bits": Σ over levels of −(1/ln C)·Σ_c p_c ln p_c.
 *
 * @param levels - the filter probabilities of each level (as stored, not renormalised)
 * @returns the total; 0 when one kernel always wins (or, as at initialisation, when every p = 1),
 *   1 per level for uniform probabilities 1/C
 * @throws {@link LayersConfigError} for no level, C < 2 or levels of different lengths
 * @remarks
 * Uses p ln p = 0 at p = 0 (its limit), where Keras' callback printed NaN.
 * @example
 * ```ts
 * activationBits([[0.5, 0.5], [1, 0]]); // 1 (first level) + 0 (second level) = 1
 * ```
 */
export function activationBits(levels: readonly LevelProbabilities[]): number {
  const c = checkLevels(levels);
  const norm = 1 / Math.log(c);
  let total = 0;
  for (const p of levels) {
    let s = 0;
    for (let i = 0; i < c; i++) {
      const v = p[i] as number;
      if (v !== 0) s += v * Math.log(v);
    }
    total += -norm * s;
  }
  return total;
}

/** Bounds h_min, h_max of the normalised log-std entropy, see {@link entropyBounds}. */
export interface EntropyBounds {
  /** 1.05·ln(min σ) over the draws. */
  hMin: number;
  /** 0.95·ln(max σ) over the draws. */
  hMax: number;
}

/** Options of {@link entropyBounds}. */
export interface EntropyBoundsOptions {
  /** Number of random C-vectors drawn. @defaultValue 1_000_000 (as the original) */
  draws?: number;
  /** Seed of the generator (mulberry32). @defaultValue 140280 */
  seed?: number;
}

const boundsCache = new Map<string, EntropyBounds>();

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * h_min and h_max of the original's entropy monitor, from the population standard deviations σ
 * of `draws` vectors of C numbers uniform in [0, 1).
 *
 * @param c - number of kernels C ≥ 2
 * @param options - see {@link EntropyBoundsOptions}
 * @returns `{hMin: 1.05·ln min σ, hMax: 0.95·ln max σ}`
 * @throws {@link LayersConfigError} for C < 2 or draws < 1
 * @remarks
 * The original drew them afresh with numpy at every start of training, so its values varied
 * slightly from run to run; here they are deterministic for a given seed (and cached).
 * @example
 * ```ts
 * const { hMin, hMax } = entropyBounds(9); // hMin < ln(0.29) < hMax
 * ```
 */
export function entropyBounds(c: number, options: EntropyBoundsOptions = {}): EntropyBounds {
  const draws = options.draws ?? 1_000_000;
  const seed = options.seed ?? 140280;
  if (!(Number.isInteger(c) && c >= 2)) throw new LayersConfigError('c', 'an integer ≥ 2', c);
  if (!(Number.isInteger(draws) && draws >= 1)) {
    throw new LayersConfigError('draws', 'a positive integer', draws);
  }
  const key = `${c}:${draws}:${seed}`;
  const cached = boundsCache.get(key);
  if (cached !== undefined) return cached;
  const random = mulberry32(seed);
  let minSigma = Number.POSITIVE_INFINITY;
  let maxSigma = 0;
  const row = new Float64Array(c);
  for (let d = 0; d < draws; d++) {
    let mean = 0;
    for (let i = 0; i < c; i++) {
      const u = random();
      row[i] = u;
      mean += u;
    }
    mean /= c;
    let variance = 0;
    for (let i = 0; i < c; i++) variance += ((row[i] as number) - mean) ** 2;
    const sigma = Math.sqrt(variance / c);
    if (sigma < minSigma) minSigma = sigma;
    if (sigma > maxSigma) maxSigma = sigma;
  }
  const bounds = { hMin: 1.05 * Math.log(minSigma), hMax: 0.95 * Math.log(maxSigma) };
  boundsCache.set(key, bounds);
  return bounds;
}

/**
 * The original's "entropy" monitor: Σ over levels of (ln std(p) − h_min)/(h_max − h_min).
 *
 * @param levels - the filter probabilities of each level
 * @param bounds - h_min and h_max; by default {@link entropyBounds}(C)
 * @returns the total (std is the population standard deviation of the C probabilities)
 * @throws {@link LayersConfigError} for no level, C < 2 or levels of different lengths
 * @example
 * ```ts
 * filterEntropy([[0.3, 0.7]], { hMin: Math.log(0.1), hMax: Math.log(0.4) }); // = 0.5
 * ```
 */
export function filterEntropy(
  levels: readonly LevelProbabilities[],
  bounds: EntropyBounds = entropyBounds(checkLevels(levels)),
): number {
  const c = checkLevels(levels);
  const norm = 1 / (bounds.hMax - bounds.hMin);
  let total = 0;
  for (const p of levels) {
    let mean = 0;
    for (let i = 0; i < c; i++) mean += p[i] as number;
    mean /= c;
    let variance = 0;
    for (let i = 0; i < c; i++) variance += ((p[i] as number) - mean) ** 2;
    total += norm * (0.5 * Math.log(variance / c) - bounds.hMin);
  }
  return total;
}

/**
 * The {@link FilterMask} layers of a model, by encoder level: finest resolution (level 1) first.
 *
 * @param model - a tfjs-layers model (nested models are searched too)
 * @returns the mask layers, one per encoder level
 * @remarks
 * tfjs lists layers in topological order, in which a deep level's mask can come before a
 * shallower one's (the decoder uses them in reverse); the masks are therefore sorted by the height
 * of their input, largest first, keeping layer order between equal heights.
 * @example
 * ```ts
 * const levels = findFilterMasks(model).map((l) => l.probabilities().dataSync());
 * ```
 */
export function findFilterMasks(model: tfl.LayersModel): FilterMask[] {
  const found: FilterMask[] = [];
  const visit = (layers: readonly tfl.layers.Layer[]): void => {
    for (const layer of layers) {
      if (layer instanceof FilterMask) found.push(layer);
      else if (layer instanceof tfl.LayersModel) visit(layer.layers);
    }
  };
  visit(model.layers);
  const height = (layer: FilterMask): number => {
    const node = layer.inboundNodes[0];
    const shape = node?.inputShapes[0];
    return Array.isArray(shape) && typeof shape[1] === 'number' ? shape[1] : 0;
  };
  return found
    .map((layer, index) => ({ layer, index, height: height(layer) }))
    .sort((a, b) => b.height - a.height || a.index - b.index)
    .map((entry) => entry.layer);
}

function levelProbabilities(model: tfl.LayersModel): Float32Array[] {
  return findFilterMasks(model).map((layer) => {
    const p = layer.probabilities();
    const values = p.dataSync() as Float32Array;
    p.dispose();
    return values;
  });
}

/**
 * Callback adding `activation_bits` ({@link activationBits} of the model's filter masks) to the
 * logs at the end of every epoch, so it lands in `history`.
 */
export class ActivationBitsCallback extends tfl.Callback {
  /** Values logged so far, one per epoch. */
  readonly history: number[] = [];

  override async onEpochEnd(_epoch: number, logs?: UnresolvedLogs): Promise<void> {
    const levels = levelProbabilities(this.model);
    if (levels.length === 0) return;
    const bits = activationBits(levels);
    this.history.push(bits);
    if (logs !== undefined) logs.activation_bits = bits;
  }
}

/**
 * Callback adding `entropy` ({@link filterEntropy} of the model's filter masks) to the logs at the
 * end of every epoch.
 */
export class FilterEntropyCallback extends tfl.Callback {
  /** Values logged so far, one per epoch. */
  readonly history: number[] = [];
  private readonly options: EntropyBoundsOptions;

  /** @param options - how h_min and h_max are drawn; see {@link entropyBounds} */
  constructor(options: EntropyBoundsOptions = {}) {
    super();
    this.options = options;
  }

  override async onEpochEnd(_epoch: number, logs?: UnresolvedLogs): Promise<void> {
    const levels = levelProbabilities(this.model);
    const first = levels[0];
    if (first === undefined) return;
    const value = filterEntropy(levels, entropyBounds(first.length, this.options));
    this.history.push(value);
    if (logs !== undefined) logs.entropy = value;
  }
}

/**
 * Creates an {@link ActivationBitsCallback} for `model.fit({callbacks})`.
 *
 * @returns the callback; each epoch's value is in `history.history.activation_bits`
 * @example
 * ```ts
 * const h = await model.fit(x, x, { epochs: 10, callbacks: [activationBitsCallback()] });
 * h.history.activation_bits; // one number per epoch
 * ```
 */
export function activationBitsCallback(): ActivationBitsCallback {
  return new ActivationBitsCallback();
}

/**
 * Creates a {@link FilterEntropyCallback} for `model.fit({callbacks})`.
 *
 * @param options - how h_min and h_max are drawn
 * @returns the callback; each epoch's value is in `history.history.entropy`
 * @example
 * ```ts
 * await model.fit(x, x, { callbacks: [filterEntropyCallback({ draws: 100_000 })] });
 * ```
 */
export function filterEntropyCallback(options: EntropyBoundsOptions = {}): FilterEntropyCallback {
  return new FilterEntropyCallback(options);
}
