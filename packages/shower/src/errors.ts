/**
 * Stable codes of {@link ShowerError}.
 *
 * @remarks
 * - `BAD_GEOMETRY`: the image size is not a power of the kernel size, or another size is invalid.
 * - `BAD_WEIGHTS`: a weight set is inconsistent (wrong lengths, missing kernels or levels).
 * - `BAD_WEIGHTS_FILE`: an HDF5 or tfjs weight file is missing a dataset or has the wrong shape.
 * - `BAD_INPUT`: images of the wrong shape or length were passed to the network.
 * - `BAD_MODEL_DIR`: a saved model directory is missing or unreadable.
 */
export type ShowerErrorCode =
  | 'BAD_GEOMETRY'
  | 'BAD_WEIGHTS'
  | 'BAD_WEIGHTS_FILE'
  | 'BAD_INPUT'
  | 'BAD_MODEL_DIR';

/**
 * The one error class of `@apemen/shower`: every failure it reports carries a stable `code`.
 *
 * @example
 * ```ts
 * try { showerGeometry(60, 2); } catch (e) { if (e instanceof ShowerError) e.code; } // 'BAD_GEOMETRY'
 * ```
 */
export class ShowerError extends Error {
  override readonly name: string = 'ShowerError';
  /** A stable, machine-readable code. */
  readonly code: ShowerErrorCode;
  /** The file the problem was found in, when it came from a file. */
  readonly file: string | undefined;

  /**
   * @param code - the stable code
   * @param message - what went wrong and what was expected
   * @param file - the file concerned, if any
   */
  constructor(code: ShowerErrorCode, message: string, file?: string) {
    super(file === undefined ? message : `${file}: ${message}`);
    this.code = code;
    this.file = file;
  }
}
