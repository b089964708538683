/**
 * The one error class of `@apemen/jets`: bad input to the clustering or the observables.
 *
 * @remarks
 * `code` is stable and machine-readable: `JETS_BAD_PARTICLE` (a non-finite or mismatched
 * momentum component), `JETS_BAD_PARAMETER` (a radius, threshold or jet count out of range),
 * `JETS_BAD_REQUEST` (a question the clustering cannot answer, such as more exclusive jets than
 * particles).
 *
 * @example
 * ```ts
 * try { clusterJets([], { algorithm: 'antikt', R: -1 }); }
 * catch (e) { if (e instanceof JetsError) console.log(e.code); } // 'JETS_BAD_PARAMETER'
 * ```
 */
export class JetsError extends Error {
  override readonly name: string = 'JetsError';
  /** Stable machine-readable code. */
  readonly code: string;

  /**
   * @param code - the stable code
   * @param message - what was wrong and what was expected
   */
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}
