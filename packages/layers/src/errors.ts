/**
 * Base class of every error thrown by `@apemen/layers`.
 *
 * @remarks
 * `code` is stable across releases, so callers (and the `apemen` CLI, which maps any error with a
 * string `code` to exit status 2) can branch on it without parsing messages.
 *
 * @example
 * ```ts
 * try {
 *   convolutionBank({ kernelSize: 0, filters: 9 });
 * } catch (e) {
 *   if (e instanceof LayersError) console.log(e.code); // 'LAYERS_BAD_CONFIG'
 * }
 * ```
 */
export class LayersError extends Error {
  /** Stable machine-readable identifier of the failure. */
  readonly code: string;

  /**
   * @param code - stable identifier, e.g. `'LAYERS_BAD_CONFIG'`
   * @param message - human-readable description naming the offending field and what was expected
   */
  constructor(code: string, message: string) {
    super(message);
    this.name = 'LayersError';
    this.code = code;
  }
}

/**
 * A layer, loss, regulariser, optimiser or callback was given an invalid option.
 *
 * @example
 * ```ts
 * new LayersConfigError('kernelSize', 'a positive integer', 0).message;
 * // 'kernelSize: expected a positive integer, got 0'
 * ```
 */
export class LayersConfigError extends LayersError {
  /** Name of the offending option. */
  readonly field: string;

  /**
   * @param field - name of the offending option
   * @param expected - what was expected, in words
   * @param got - the value received
   */
  constructor(field: string, expected: string, got: unknown) {
    super('LAYERS_BAD_CONFIG', `${field}: expected ${expected}, got ${describe(got)}`);
    this.name = 'LayersConfigError';
    this.field = field;
  }
}

/**
 * A tensor given to a layer or loss has the wrong rank or shape.
 *
 * @example
 * ```ts
 * new LayersShapeError('FilterMask input', 'rank 4 [B, H, W, C]', [2, 3]).code; // 'LAYERS_BAD_SHAPE'
 * ```
 */
export class LayersShapeError extends LayersError {
  /**
   * @param what - which input is wrong
   * @param expected - the expected shape, in words
   * @param got - the shape received
   */
  constructor(what: string, expected: string, got: readonly (number | null)[]) {
    super('LAYERS_BAD_SHAPE', `${what}: expected ${expected}, got shape [${got.join(', ')}]`);
    this.name = 'LayersShapeError';
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  return String(value);
}
