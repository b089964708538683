import { type GenEvent, visible } from '@apemen/eventio';
import { createRng, type GridOptions, pixelise, type Rng, unpixelise } from '@apemen/jetimage';
import {
  eventSeed,
  FusedRandom,
  FusedShowerNetwork,
  fusedGeometry,
  fusedParameters,
  referenceReconstruct,
  type ShowerWeights,
} from '@apemen/shower';
import { fusedShowerMergeHook, referenceShowerMergeHook } from './hooks.js';

/** Options of {@link showerEvent}. */
export interface ShowerEventOptions {
  /** Base seed of the run; each event's generator is derived from it and the event's index. */
  seed: number;
  /**
   * Whether to merge with the input event's hard emissions (CKKW-like veto).
   * @defaultValue true
   */
  merge?: boolean;
  /** Cutoff of the first decoder level, GeV. @defaultValue 20 */
  baseCutoff?: number;
  /** Hard-pixel threshold of the merging, GeV. @defaultValue 1 */
  hardThreshold?: number;
  /** Pixels at or below this make no particle, GeV. @defaultValue 0.1 */
  particleThreshold?: number;
  /** Rapidity or pseudorapidity grid, and ranges; the pixel count comes from the weights. */
  grid?: Omit<GridOptions, 'pixels' | 'normalisation'>;
  /**
   * Which implementation runs the network: the fused fast path (tied masks drawn from the exact
   * law of argmax u·p with one random number per pixel) or the plain-loop reference (C uniforms per
   * pixel, literally as the original). Both give the same distribution of showers, not the same
   * showers for a seed.
   * @defaultValue 'fused'
   */
  engine?: 'fused' | 'reference';
}

/** What {@link showerEvent} returns. */
export interface ShoweredEvent {
  /** The showered event: massless gluons, the input's number, weights and cross section. */
  event: GenEvent;
  /** pT of the input's visible final state inside the grid, GeV. */
  inputPt: number;
  /** pT of the input's visible final state outside the grid (not showered), GeV. */
  outsidePt: number;
  /** Summed pixel pT of the network's output, GeV. */
  outputPt: number;
}

/**
 * The random number generator of one event of a generation run.
 *
 * @param seed - the run's seed
 * @param index - the event's 0-based position in the input file
 * @returns a generator that depends only on (seed, index)
 * @remarks
 * Because each event's randomness depends on nothing but the run's seed and the event's position,
 * a run split into shards (`--shard i/N`) produces exactly the events of the unsplit run. The pair
 * is mixed into one 64-bit seed as seed·φ64 + index (φ64 = 0x9E3779B97F4A7C15, the golden-ratio
 * increment of SplitMix64), which `createRng` then expands with SplitMix64.
 * @example
 * ```ts
 * eventRng(140280, 3).uniform() === eventRng(140280, 3).uniform(); // true
 * ```
 */
export function eventRng(seed: number, index: number): Rng {
  const mixed = BigInt.asUintN(64, BigInt(seed) * 0x9e3779b97f4a7c15n + BigInt(index));
  return createRng(mixed);
}

/** One fused network per weight set, built on first use. */
const fusedNetworks = new WeakMap<ShowerWeights, FusedShowerNetwork>();

function fusedNetworkOf(weights: ShowerWeights): FusedShowerNetwork {
  let network = fusedNetworks.get(weights);
  if (network === undefined) {
    network = new FusedShowerNetwork(
      fusedGeometry(weights.pixels, weights.kernelSize, weights.convolutions),
    );
    const p = fusedParameters(weights);
    network.setParameters(p.convKernels, p.deconvKernels, p.probabilities);
    fusedNetworks.set(weights, network);
  }
  return network;
}

/**
 * Showers one event with the network: pixelise its visible final state, run the stochastic
 * network (merged with the event's own hard emissions unless `merge: false`), and turn the image
 * back into particles.
 *
 * @param weights - the network
 * @param input - the unshowered event (matrix-element partons from LHE, or any event)
 * @param index - its 0-based position in the input, which with `options.seed` fixes its randomness
 * @param options - seed, merging and thresholds
 * @returns the showered event and the pT bookkeeping
 * @remarks
 * The image is in GeV (no normalisation): the network has no biases and only max and mask
 * non-linearities, so it is scale-covariant. Momenta in MeV are converted to GeV first. The output
 * event carries the input's event number, weights, weight names and cross section, and two 6500
 * GeV proton beams as the original's output did. The network runs on the fused typed-array path
 * by default (thousands of events per second on one core); the FilterMask randomness and the
 * particles' positions inside their pixels come from generators seeded by (seed, index) alone.
 * @example
 * ```ts
 * const { event } = showerEvent(weights, lheEvent, 0, { seed: 140280 });
 * ```
 */
export function showerEvent(
  weights: ShowerWeights,
  input: GenEvent,
  index: number,
  options: ShowerEventOptions,
): ShoweredEvent {
  const toGeV = input.units.momentum === 'MEV' ? 1e-3 : 1;
  const particles = visible(input).map((p) => ({
    momentum: {
      px: p.momentum.px * toGeV,
      py: p.momentum.py * toGeV,
      pz: p.momentum.pz * toGeV,
      e: p.momentum.e * toGeV,
    },
  }));
  const grid: GridOptions = { ...options.grid, pixels: weights.pixels, normalisation: 'none' };
  const { image, stats } = pixelise(particles, grid);
  const rng = eventRng(options.seed, index);
  const hookOptions = {
    kernelSize: weights.kernelSize,
    levels: weights.levels,
    baseCutoff: options.baseCutoff,
    hardThreshold: options.hardThreshold,
  };
  const merging = options.merge !== false;
  let output: Float32Array;
  if (options.engine === 'reference') {
    const merge = merging ? referenceShowerMergeHook(hookOptions) : undefined;
    output = referenceReconstruct(weights, image, { uniform: rng, merge });
  } else {
    const network = fusedNetworkOf(weights);
    const merge = merging ? fusedShowerMergeHook(hookOptions) : undefined;
    network.forwardEvent(image, 0, new FusedRandom(eventSeed(options.seed, 0, index)), {
      dense: false,
      merge,
    });
    output = Float32Array.from(network.output);
  }
  let outputPt = 0;
  for (const v of output) outputPt += v;
  const event = unpixelise(output, grid, rng, {
    threshold: options.particleThreshold,
    eventNumber: input.eventNumber,
    weights: input.weights.length > 0 ? input.weights : [1],
  });
  if (input.weightNames) event.weightNames = [...input.weightNames];
  if (input.crossSection) event.crossSection = { ...input.crossSection };
  return { event, inputPt: stats.sumPt, outsidePt: stats.outsidePt, outputPt };
}
