import * as tf from '@tensorflow/tfjs-core';
import { LayersConfigError } from './errors.js';
import type { Regularizer } from './tfjs_types.js';

/** A regulariser object, or its serialised form `{className, config}` as found in model.json. */
export type RegularizerLike = Regularizer | tf.serialization.ConfigDict;

/**
 * Turns a regulariser into the `{className, config}` form tfjs-layers writes into model.json.
 *
 * @param regularizer - the regulariser, or null
 * @returns its serialised form, or null
 */
export function serialiseRegularizer(
  regularizer: Regularizer | null,
): tf.serialization.ConfigDict | null {
  if (regularizer === null) return null;
  return { className: regularizer.getClassName(), config: regularizer.getConfig() };
}

/**
 * Accepts a regulariser or its serialised form and returns the object.
 *
 * @param value - regulariser, `{className, config}`, or null/undefined
 * @param field - option name for error messages
 * @returns the regulariser, or null
 * @throws {@link LayersConfigError} for an unregistered className
 */
export function resolveRegularizer(
  value: RegularizerLike | null | undefined,
  field: string,
): Regularizer | null {
  if (value == null) return null;
  if (typeof (value as Regularizer).apply === 'function') return value as Regularizer;
  const dict = value as tf.serialization.ConfigDict;
  const className = dict.className ?? dict.class_name;
  if (typeof className !== 'string') {
    throw new LayersConfigError(
      field,
      'a regulariser or {className, config}',
      JSON.stringify(value),
    );
  }
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[className];
  if (entry === undefined) {
    throw new LayersConfigError(field, 'a registered regulariser className', className);
  }
  const [cls, fromConfig] = entry;
  const config = (dict.config ?? {}) as tf.serialization.ConfigDict;
  return fromConfig(cls, config) as unknown as Regularizer;
}
