/**
 * Exit codes of the `apemen` program.
 *
 * @remarks
 * 0: success. 1: a runtime failure (a bug, a diverging training, an exhausted resource).
 * 2: bad usage or bad input (unknown option, malformed or missing file, invalid value).
 */
export const EXIT_OK = 0;
/** Exit code of a runtime failure. */
export const EXIT_FAILURE = 1;
/** Exit code of bad usage or bad input. */
export const EXIT_USAGE = 2;

/** An error that the CLI reports as one line on stderr with a chosen exit code. */
export class CliError extends Error {
  override readonly name: string = 'CliError';
  /** The exit code the process ends with. */
  readonly exitCode: number;

  /**
   * @param message - the line printed on stderr (after `apemen: `)
   * @param exitCode - the exit code, {@link EXIT_USAGE} by default
   */
  constructor(message: string, exitCode: number = EXIT_USAGE) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** Node's system error codes that mean the user named a file that cannot be used. */
const FILE_ERRORS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
};

interface ErrorLike {
  message?: unknown;
  code?: unknown;
  path?: unknown;
  exitCode?: unknown;
}

/**
 * Turns anything thrown into the message and exit code that the CLI reports.
 *
 * @param error - what was thrown
 * @returns the one-line message and the exit code
 * @remarks
 * The rule: an error carrying a numeric `exitCode` chooses it; Node's file-system errors and the
 * packages' own errors (which carry a string `code`, such as `EventIOError`) are bad input, exit 2;
 * anything else is a runtime failure, exit 1.
 */
export function describeError(error: unknown): { message: string; exitCode: number } {
  if (typeof error !== 'object' || error === null) {
    return { message: String(error), exitCode: EXIT_FAILURE };
  }
  const e = error as ErrorLike;
  const message = typeof e.message === 'string' ? e.message : String(error);
  if (typeof e.exitCode === 'number') return { message, exitCode: e.exitCode };
  if (typeof e.code === 'string') {
    const fileProblem = FILE_ERRORS[e.code];
    if (fileProblem !== undefined) {
      const path = typeof e.path === 'string' ? e.path : '';
      return { message: path ? `${path}: ${fileProblem}` : message, exitCode: EXIT_USAGE };
    }
    return { message, exitCode: EXIT_USAGE };
  }
  return { message, exitCode: EXIT_FAILURE };
}
