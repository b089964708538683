/**
 * Stable codes carried by {@link FourVectorError}.
 *
 * @remarks
 * - `INVALID_ARGUMENT`: a number outside the domain of the operation (|β| ≥ 1, a zero rotation
 *   axis, a mass that no real rapidity can carry).
 * - `LENGTH_MISMATCH`: batched columns or outputs of different lengths.
 * - `INDEX_OUT_OF_RANGE`: an index list or offset table that points outside a batch.
 */
export type FourVectorErrorCode = 'INVALID_ARGUMENT' | 'LENGTH_MISMATCH' | 'INDEX_OUT_OF_RANGE';

/**
 * The one error class thrown by `@apemen/fourvec`.
 *
 * @remarks
 * The `code` is stable and meant for programs; the message is meant for people and names the
 * argument (or field) at fault and what was expected.
 *
 * @example
 * ```ts
 * try {
 *   FourVector.fromPxPyPzE(0, 0, 0, 1).boostZ(1.5);
 * } catch (err) {
 *   if (err instanceof FourVectorError) console.log(err.code); // 'INVALID_ARGUMENT'
 * }
 * ```
 */
export class FourVectorError extends Error {
  /** Stable machine-readable code. */
  readonly code: FourVectorErrorCode;

  /**
   * @param code - the stable error code
   * @param message - what was wrong and what was expected
   */
  constructor(code: FourVectorErrorCode, message: string) {
    super(message);
    this.name = 'FourVectorError';
    this.code = code;
  }
}
