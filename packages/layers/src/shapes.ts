import type * as tfl from '@tensorflow/tfjs-layers';

/** The first input's shape, whether tfjs-layers passed one shape or a list of them. */
export function firstShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
  const first = inputShape[0];
  return Array.isArray(first) ? first : (inputShape as tfl.Shape);
}

const nameCounters = new Map<string, number>();

/**
 * A default layer name `prefix_n` (n = 1, 2, … per prefix in this process), as Keras names
 * layers. tfjs would derive it from the className, whose `Apemen>` prefix is not a valid tensor
 * name.
 */
export function defaultLayerName(prefix: string): string {
  const n = (nameCounters.get(prefix) ?? 0) + 1;
  nameCounters.set(prefix, n);
  return `${prefix}_${n}`;
}
