// Shared helpers of the package checks: which packages, and packing them as npm would publish them.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (two levels above this file). */
export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** Where the published packages live. */
export const PACKAGES_DIR = join(ROOT, 'packages');

/**
 * Reads `--packages a,b` (short names, `@apemen/a`, or `packages/a`; `all` for every package; a
 * later `--packages` replaces an earlier one), `--keep` and `--help` from the command line;
 * anything else is a usage error.
 */
export function parseArgs(argv, usage) {
  const options = { packages: undefined, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(usage);
      process.exit(0);
    } else if (arg === '--keep') {
      options.keep = true;
    } else if (arg === '--packages' || arg.startsWith('--packages=')) {
      const value = arg === '--packages' ? argv[++i] : arg.slice('--packages='.length);
      if (value === undefined || value === '') usageError('--packages needs a list', usage);
      options.packages = value
        .split(',')
        .map((name) =>
          name
            .trim()
            .replace(/^@apemen\//, '')
            .replace(/^packages\//, '')
            .replace(/\/$/, ''),
        )
        .filter((name) => name !== '');
    } else {
      usageError(`unknown argument '${arg}'`, usage);
    }
  }
  return options;
}

function usageError(message, usage) {
  process.stderr.write(`${message}\n\n${usage}`);
  process.exit(2);
}

/** Every publishable (non-private) package under packages/, by directory name. */
export function listPackages() {
  return readdirSync(PACKAGES_DIR, { withFileTypes: true })
    .filter(
      (entry) => entry.isDirectory() && existsSync(join(PACKAGES_DIR, entry.name, 'package.json')),
    )
    .map((entry) => entry.name)
    .filter((name) => readManifest(name).private !== true)
    .sort();
}

/** The package.json of packages/<name>. */
export function readManifest(name) {
  return JSON.parse(readFileSync(join(PACKAGES_DIR, name, 'package.json'), 'utf8'));
}

/** Checks that every requested name is a package; exits 2 naming the unknown ones. */
export function resolveSelection(requested) {
  const all = listPackages();
  if (requested === undefined || requested.includes('all')) return all;
  const unknown = requested.filter((name) => !all.includes(name));
  if (unknown.length > 0) {
    process.stderr.write(`unknown package(s): ${unknown.join(', ')} (known: ${all.join(', ')})\n`);
    process.exit(2);
  }
  return [...new Set(requested)];
}

/** The selection plus every @apemen package it depends on at run time, transitively. */
export function withWorkspaceDependencies(names) {
  const all = new Set(listPackages());
  const out = new Set();
  const visit = (name) => {
    if (out.has(name)) return;
    out.add(name);
    const manifest = readManifest(name);
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
      for (const dep of Object.keys(manifest[field] ?? {})) {
        const short = dep.replace(/^@apemen\//, '');
        if (dep.startsWith('@apemen/') && all.has(short)) visit(short);
      }
    }
  };
  names.forEach(visit);
  return [...out].sort();
}

/** Runs a program without a shell; resolves with its output and exit code (never rejects). */
export function run(command, args, options = {}) {
  return new Promise((resolvePromise) => {
    execFile(
      command,
      args,
      { maxBuffer: 64 << 20, ...options, env: { ...process.env, ...options.env } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolvePromise({ code, stdout: String(stdout), stderr: String(stderr), error });
      },
    );
  });
}

/** Maps `fn` over `items` with at most `limit` running at once, keeping the order. */
export async function mapLimit(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A fresh temporary directory. */
export function tempDir(prefix) {
  return mkdtemp(join(tmpdir(), `apemen-${prefix}-`));
}

/**
 * Packs packages/<name> with `pnpm pack` (which rewrites `workspace:` ranges to real versions, as
 * `pnpm publish` does) into `destination`. Fails when dist/ is missing: these checks never build.
 * Returns `{ name, tarball, files }` or `{ name, error }`.
 */
export async function pack(name, destination) {
  const dir = join(PACKAGES_DIR, name);
  const manifest = readManifest(name);
  if (!existsSync(join(dir, 'dist'))) {
    return { name, error: `packages/${name}/dist is missing: run \`pnpm build\` first` };
  }
  await mkdir(destination, { recursive: true });
  const result = await run('pnpm', ['pack', '--pack-destination', destination, '--json'], {
    cwd: dir,
  });
  if (result.code !== 0) {
    return { name, error: `pnpm pack failed:\n${result.stderr || result.stdout}` };
  }
  let report;
  try {
    report = JSON.parse(result.stdout.slice(result.stdout.indexOf('{')));
  } catch {
    return { name, error: `pnpm pack printed no JSON report:\n${result.stdout}` };
  }
  return {
    name,
    packageName: manifest.name,
    version: manifest.version,
    tarball: report.filename,
    files: report.files.map((file) => file.path).sort(),
  };
}

/** Formats seconds since `start` (from performance.now()). */
export function seconds(start) {
  return `${((performance.now() - start) / 1000).toFixed(1)} s`;
}
