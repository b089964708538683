import { stat } from 'node:fs/promises';
import { CliError } from './errors.js';

/**
 * Checks that an input names a regular file (or a link to one) before a command reads it.
 *
 * @param path - the file the user named
 * @throws CliError (exit 2) `<path>: no such file or directory` or `<path>: is a directory, not
 *   a file`
 * @remarks
 * Node's stream errors for a directory (EISDIR) carry no path, so without this check the message
 * would name no file.
 * @example
 * ```ts
 * await requireInputFile('events.hepmc3'); // resolves, or throws CliError
 * ```
 */
export async function requireInputFile(path: string): Promise<void> {
  const info = await stat(path).catch((error: unknown) => {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') throw new CliError(`${path}: no such file or directory`);
    if (code === 'ENOTDIR') throw new CliError(`${path}: a parent of it is not a directory`);
    if (code === 'EACCES') throw new CliError(`${path}: permission denied`);
    throw error;
  });
  if (info.isDirectory()) throw new CliError(`${path}: is a directory, not a file`);
}
