/**
 * Why a reference-shower call failed, as a stable string that callers can switch on.
 *
 * @remarks
 * `invalid-option`: an option is out of its allowed range (the message names it).
 * `landau-pole`: the running coupling was asked for at a scale at or below its Landau pole.
 * `invalid-event`: an input event cannot be showered (no coloured final state, broken colour lines).
 */
export type RefShowerErrorCode = 'invalid-option' | 'landau-pole' | 'invalid-event';

/**
 * The one error class of `@apemen/refshower`.
 *
 * @example
 * ```ts
 * try { createAlphaS({ alphaSMZ: -1 }); } catch (e) { if (e instanceof RefShowerError) e.code; } // 'invalid-option'
 * ```
 */
export class RefShowerError extends Error {
  override readonly name: string = 'RefShowerError';
  /** Stable machine-readable reason. */
  readonly code: RefShowerErrorCode;

  /**
   * @param code - the stable reason
   * @param message - a sentence naming the option or event and what was expected
   */
  constructor(code: RefShowerErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
