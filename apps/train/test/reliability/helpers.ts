import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ProgramIO, runProgram } from '../../src/cli/program.js';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
/** The bad-input corpus. */
export const BAD = fileURLToPath(new URL('../fixtures/bad/', import.meta.url));
/** The real event files shared by the project. */
export const EVENTS = join(ROOT, '../shared/data/events');
/** The published Keras weights, k = 2 (N = 64). */
export const K2 = join(ROOT, '../shared/data/apemen-weights/k2.h5');
/** A good LHE file: 100 e+e- → μ+μ- events. */
export const GOOD_LHE = join(EVENTS, 'hepmc3repo_test_inputIO13.lhe');

/** What one in-process run of the program gave. */
export interface CliResult {
  /** Exit code. */
  code: number;
  /** Everything written to stdout. */
  stdout: string;
  /** Everything written to stderr. */
  stderr: string;
}

/**
 * Runs `apemen` in-process and captures its output.
 * @param args - the arguments after `apemen`
 * @returns exit code and output
 */
export async function cli(args: readonly string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: ProgramIO = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  };
  const code = await runProgram(args, io);
  return { code, stdout, stderr };
}

/**
 * Runs `apemen` as a child process, killed after `timeoutMs`.
 * @param args - the arguments after `apemen`
 * @param timeoutMs - the time limit
 * @returns exit code (null if killed) and output
 */
export function spawnCli(
  args: readonly string[],
  timeoutMs = 60_000,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--conditions=@apemen/source', '--import', 'tsx/esm', 'apps/train/src/main.ts', ...args],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, APEMEN_DEBUG: '' } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/**
 * The lines a failed command printed on stderr that are not progress: the error report.
 * @param stderr - everything on stderr
 * @returns the non-empty lines
 */
export function errorLines(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((l) => l.trim() !== '' && !/^refshower \[|^refshower: \d/.test(l));
}

/**
 * Asserts the contract of a rejected input: exit code 2 and exactly one line `apemen: …` that
 * contains `expected`, with no stack trace.
 * @param r - the result
 * @returns the error line
 */
export function theErrorLine(r: { code: number | null; stderr: string }): string {
  const lines = errorLines(r.stderr);
  if (r.code !== 2 || lines.length !== 1 || !lines[0]?.startsWith('apemen: ')) {
    throw new Error(
      `expected exit 2 and one 'apemen: ' line, got ${r.code} and ${JSON.stringify(lines)}`,
    );
  }
  if (/\n\s+at |Error:/.test(r.stderr)) throw new Error(`stack trace on stderr: ${r.stderr}`);
  return lines[0];
}

/** A fresh temporary directory, and a way to remove it. */
export async function tempDir(
  prefix: string,
): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `apemen-${prefix}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * The names in a directory, sorted (to check that a failed command left nothing behind).
 * @param dir - the directory
 * @returns its entries
 */
export async function listing(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}
