import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';

/** The backends that `--backend` accepts. */
export const BACKEND_CHOICES = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
/** A backend preference given on the command line. */
export type BackendPreference = (typeof BACKEND_CHOICES)[number];

/** One candidate that `auto` tried, and why it was or was not taken. */
export interface BackendAttempt {
  /** What was tried: a package name or a tfjs backend name. */
  candidate: string;
  /** Whether it was taken. */
  ok: boolean;
  /** Why it was skipped, or what was taken. */
  reason: string;
}

/** The backend a process runs on and how it got there. */
export interface BackendChoice {
  /** The tfjs backend name now active: 'tensorflow', 'wasm' or 'cpu'. */
  backend: string;
  /** The package that provides it. */
  provider: string;
  /** Every candidate tried, in order. */
  attempts: BackendAttempt[];
}

/** The native tfjs packages in the order `auto` prefers them. */
const NATIVE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

const require = createRequire(import.meta.url);

/**
 * Checks whether a native tfjs package can be loaded, without loading it.
 *
 * @param packageName - `@tensorflow/tfjs-node-gpu` or `@tensorflow/tfjs-node`
 * @returns whether its native binding is present, and why not
 * @remarks
 * Importing a native tfjs package whose binding is missing registers half of its kernels before it
 * fails, which spoils a later attempt with the other package; so the probe looks for the files that
 * its install script makes (`lib/napi-v*\/tfjs_binding.node` and `deps/lib/libtensorflow*`).
 * pnpm 10 runs that script only for approved packages, hence the advice to run
 * `pnpm approve-builds`.
 */
export function probeNativePackage(packageName: string): { ok: boolean; reason: string } {
  let root: string;
  try {
    root = dirname(require.resolve(`${packageName}/package.json`));
  } catch {
    return { ok: false, reason: 'not installed (it is an optional dependency)' };
  }
  const lib = join(root, 'lib');
  const bindings = existsSync(lib)
    ? readdirSync(lib).filter(
        (d) => d.startsWith('napi-v') && existsSync(join(lib, d, 'tfjs_binding.node')),
      )
    : [];
  if (bindings.length === 0) {
    return {
      ok: false,
      reason:
        'native binding not built: run `pnpm approve-builds`, select it, and reinstall (it downloads libtensorflow)',
    };
  }
  const deps = join(root, 'deps', 'lib');
  if (!existsSync(deps) || !readdirSync(deps).some((f) => f.startsWith('libtensorflow'))) {
    return { ok: false, reason: 'libtensorflow missing from deps/lib: reinstall the package' };
  }
  return { ok: true, reason: 'native binding present' };
}

async function tryNative(packageName: string): Promise<{ ok: boolean; reason: string }> {
  const probe = probeNativePackage(packageName);
  if (!probe.ok) return probe;
  try {
    await import(packageName);
    await tf.setBackend('tensorflow');
    await tf.ready();
    return { ok: true, reason: `loaded (${probe.reason})` };
  } catch (error) {
    const text = error instanceof Error ? error.message.split('\n')[0] : String(error);
    const hint = packageName.endsWith('-gpu')
      ? ' (tfjs-node-gpu 4.22 runs libtensorflow 2.9.1, built for CUDA 11.2 and cuDNN 8.1: their libraries must be on LD_LIBRARY_PATH)'
      : '';
    return { ok: false, reason: `failed to load: ${text}${hint}` };
  }
}

async function tryWasm(): Promise<{ ok: boolean; reason: string }> {
  try {
    await import('@tensorflow/tfjs-backend-wasm');
    const ok = await tf.setBackend('wasm');
    if (!ok) return { ok: false, reason: 'the wasm backend did not initialise' };
    await tf.ready();
    return { ok: true, reason: 'WebAssembly backend (single-threaded in Node)' };
  } catch (error) {
    return {
      ok: false,
      reason: `failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

async function tryCpu(): Promise<{ ok: boolean; reason: string }> {
  await import('@tensorflow/tfjs-backend-cpu');
  const ok = await tf.setBackend('cpu');
  return ok
    ? { ok: true, reason: 'plain JavaScript backend' }
    : { ok: false, reason: 'the cpu backend did not initialise' };
}

/** The error thrown when an explicitly requested backend cannot be had. */
export class BackendUnavailableError extends Error {
  override readonly name = 'BackendUnavailableError';
  /** Bad usage: the user asked for something this installation does not have. */
  readonly exitCode = 2;
}

/**
 * Chooses and activates a tfjs backend.
 *
 * @param preference - `auto` tries tfjs-node-gpu, tfjs-node, wasm, then cpu; the others insist
 * @returns the backend taken and every attempt with its reason
 * @throws BackendUnavailableError when an explicitly requested backend cannot be used
 * @remarks
 * With several GPUs, run one process per GPU and select it with `CUDA_VISIBLE_DEVICES`, which is
 * how tfjs-node-gpu uses more than one device.
 */
export async function selectBackend(
  preference: BackendPreference = 'auto',
): Promise<BackendChoice> {
  const attempts: BackendAttempt[] = [];
  const record = (candidate: string, result: { ok: boolean; reason: string }): boolean => {
    attempts.push({ candidate, ...result });
    return result.ok;
  };
  if (preference === 'auto' || preference === 'tensorflow') {
    for (const pkg of NATIVE_PACKAGES) {
      if (record(pkg, await tryNative(pkg))) {
        return { backend: 'tensorflow', provider: pkg, attempts };
      }
    }
    if (preference === 'tensorflow') {
      throw new BackendUnavailableError(
        `the tensorflow backend is not available: ${attempts.map((a) => `${a.candidate}: ${a.reason}`).join('; ')}`,
      );
    }
  }
  if (preference === 'auto' || preference === 'wasm') {
    if (record('@tensorflow/tfjs-backend-wasm', await tryWasm())) {
      return { backend: 'wasm', provider: '@tensorflow/tfjs-backend-wasm', attempts };
    }
    if (preference === 'wasm') {
      throw new BackendUnavailableError(
        `the wasm backend is not available: ${attempts.at(-1)?.reason}`,
      );
    }
  }
  if (record('@tensorflow/tfjs-backend-cpu', await tryCpu())) {
    return { backend: 'cpu', provider: '@tensorflow/tfjs-backend-cpu', attempts };
  }
  throw new BackendUnavailableError('no tfjs backend could be initialised');
}

/**
 * Describes a backend choice in a few lines for stderr.
 * @param choice - what {@link selectBackend} returned
 * @returns one line for the backend taken, one per candidate skipped
 */
export function describeBackend(choice: BackendChoice): string {
  const lines = [`backend: ${choice.backend} (${choice.provider})`];
  for (const a of choice.attempts) {
    if (!a.ok) lines.push(`  skipped ${a.candidate}: ${a.reason}`);
  }
  return lines.join('\n');
}
