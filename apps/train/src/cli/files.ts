import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
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

/**
 * Checks, before a long job starts, that the folder an output goes into exists.
 *
 * @param path - the output file the user named
 * @throws CliError (exit 2) `<path>: no such file or directory` or `<path>: not a directory`
 * @remarks
 * Writers open their temporary file lazily and report a failed open at their first write or at
 * close, so a job of hours would otherwise fail at its end.
 * @example
 * ```ts
 * await requireOutputFolder('runs/shard-7.hepmc3'); // resolves when runs/ is a folder
 * ```
 */
export async function requireOutputFolder(path: string): Promise<void> {
  const info = await stat(dirname(resolve(path))).catch((error: unknown) => {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') throw new CliError(`${path}: no such file or directory`);
    if (code === 'ENOTDIR') throw new CliError(`${path}: not a directory`);
    throw error;
  });
  if (!info.isDirectory()) throw new CliError(`${path}: not a directory`);
}
