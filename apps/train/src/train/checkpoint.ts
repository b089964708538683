import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The files of one checkpoint: name → contents. */
export type CheckpointFiles = Record<string, string | Uint8Array>;

/** Raised when a checkpoint on disk cannot be used. */
export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';
  /** Stable error code. */
  readonly code = 'CHECKPOINT';
}

const MANIFEST = 'checkpoint.json';

interface Manifest {
  files: string[];
  writtenAt: string;
}

/**
 * Writes a checkpoint as a folder `<root>/<name>/`, atomically.
 *
 * @param root - the run's checkpoint folder
 * @param name - the checkpoint's name, such as `latest` or `best`
 * @param files - file name → contents
 * @remarks
 * The files go to `<name>.tmp` first, with a manifest written last; then any existing `<name>` is
 * moved aside to `<name>.old`, `<name>.tmp` is renamed to `<name>`, and `<name>.old` is removed.
 * A process killed at any point leaves either the old or the new checkpoint complete:
 * {@link readCheckpoint} recovers from `<name>.old` when `<name>` is missing, and ignores a
 * `<name>.tmp` that has no manifest.
 */
export async function writeCheckpoint(
  root: string,
  name: string,
  files: CheckpointFiles,
): Promise<void> {
  await mkdir(root, { recursive: true });
  const target = join(root, name);
  const tmp = `${target}.tmp`;
  const old = `${target}.old`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp);
  for (const [file, contents] of Object.entries(files)) {
    if (file === MANIFEST || file.includes('/') || file.startsWith('.')) {
      throw new CheckpointError(`invalid checkpoint file name '${file}'`);
    }
    await writeFile(join(tmp, file), contents);
  }
  const manifest: Manifest = { files: Object.keys(files), writtenAt: new Date().toISOString() };
  await writeFile(join(tmp, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  await rm(old, { recursive: true, force: true });
  if (existsSync(target)) await rename(target, old);
  await rename(tmp, target);
  await rm(old, { recursive: true, force: true });
}

async function readComplete(dir: string): Promise<Record<string, Uint8Array> | undefined> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
  const files: Record<string, Uint8Array> = {};
  for (const file of manifest.files) {
    try {
      files[file] = new Uint8Array(await readFile(join(dir, file)));
    } catch {
      return undefined;
    }
  }
  return files;
}

/**
 * Reads a checkpoint written by {@link writeCheckpoint}.
 *
 * @param root - the run's checkpoint folder
 * @param name - the checkpoint's name
 * @returns file name → bytes, or undefined when no complete checkpoint of that name exists
 */
export async function readCheckpoint(
  root: string,
  name: string,
): Promise<Record<string, Uint8Array> | undefined> {
  const target = join(root, name);
  return (await readComplete(target)) ?? (await readComplete(`${target}.old`));
}

/**
 * Lists the complete checkpoints in a folder.
 * @param root - the run's checkpoint folder
 * @returns their names
 */
export async function listCheckpoints(root: string): Promise<string[]> {
  if (!existsSync(root)) return [];
  const names = new Set<string>();
  for (const entry of await readdir(root)) {
    if (entry.endsWith('.tmp')) continue;
    const name = entry.endsWith('.old') ? entry.slice(0, -4) : entry;
    if (await readCheckpoint(root, name)) names.add(name);
  }
  return [...names].sort();
}
