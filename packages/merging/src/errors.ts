/**
 * Base class of every error thrown by `@apemen/merging`.
 *
 * @remarks
 * `code` is stable across releases; the `apemen` CLI maps any error with a string `code` to exit
 * status 2 (bad input).
 * @example
 * ```ts
 * try {
 *   cutoffs({ kernelSize: 1, levels: 5 });
 * } catch (e) {
 *   if (e instanceof MergingError) console.log(e.code); // 'MERGING_BAD_CONFIG'
 * }
 * ```
 */
export class MergingError extends Error {
  /** Stable machine-readable identifier of the failure. */
  readonly code: string;

  /**
   * @param code - stable identifier, e.g. `'MERGING_BAD_CONFIG'`
   * @param message - what was wrong, naming the option and what was expected
   */
  constructor(code: string, message: string) {
    super(message);
    this.name = 'MergingError';
    this.code = code;
  }
}

/**
 * An option of the merging had an invalid value.
 * @example
 * ```ts
 * new MergingConfigError('kernelSize', 'a whole number ≥ 2', 1).message;
 * // 'kernelSize: expected a whole number ≥ 2, got 1'
 * ```
 */
export class MergingConfigError extends MergingError {
  /**
   * @param field - the option's name
   * @param expected - what it should have been
   * @param got - what it was
   */
  constructor(field: string, expected: string, got: unknown) {
    super('MERGING_BAD_CONFIG', `${field}: expected ${expected}, got ${String(got)}`);
    this.name = 'MergingConfigError';
  }
}
