#!/usr/bin/env node
// Checks each package as npm would publish it: packs it with `pnpm pack`, then lints the tarball
// with our layout rules, publint and "are the types wrong" (ESM-only profile). Builds nothing:
// run `pnpm build` first. See docs/packaging.md.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import {
  mapLimit,
  pack,
  parseArgs,
  ROOT,
  resolveSelection,
  run,
  seconds,
  tempDir,
} from './lib.mjs';

const USAGE = `usage: pnpm run check:packages [--packages fourvec,plot | all] [--keep]

Packs each package (default: every package under packages/) and checks the tarball:
  layout   files that must or must not ship, exports targets, README, metadata, source maps
  publint  publint on the tarball, warnings are errors
  attw     are-the-types-wrong, profile esm-only (CommonJS and node10 resolution ignored)
Needs dist/ (run \`pnpm build\` first). Exit 0 all clean, 1 problems found, 2 bad usage.
`;

const ATTW = join(ROOT, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js');
// Our packages are ESM only ("type": "module", exports without a `require` condition), so a
// CommonJS `require()` or the pre-exports node10 resolution cannot load them by design; the
// esm-only profile ignores exactly those two resolution modes and keeps node16-ESM and bundler.
const ATTW_IGNORED_RESOLUTIONS = ['node10', 'node16-cjs'];

/** Paths that must never ship: tests, test helpers, fixtures, build caches. */
const FORBIDDEN = [
  [/\.test\.[cm]?[jt]s(\.map)?$|\.test\.d\.[cm]?ts(\.map)?$/, 'a test file'],
  [/(^|\/)test-[^/]*$/, 'a test helper (test-*)'],
  [/^test\//, 'test data (test/)'],
  [/\.tsbuildinfo$/, 'a TypeScript build cache'],
  [/(^|\/)tsconfig[^/]*\.json$/, 'a tsconfig'],
];

const options = parseArgs(process.argv.slice(2), USAGE);
const selection = resolveSelection(options.packages);
const work = await tempDir('package-check');
const start = performance.now();

const results = await mapLimit(selection, 2, checkPackage);

let failed = 0;
for (const result of results) {
  const problems = [...result.layout, ...result.publint, ...result.attw];
  if (problems.length === 0 && result.notes.length === 0) continue;
  process.stdout.write(`\n@apemen/${result.name}\n`);
  for (const line of problems) process.stdout.write(`  ✗ ${line}\n`);
  for (const line of result.notes) process.stdout.write(`  · ${line}\n`);
}
process.stdout.write('\npackage     files  packed   layout  publint  attw\n');
for (const result of results) {
  const ok = (list) => (list === undefined ? '-' : list.length === 0 ? 'ok' : `${list.length} ✗`);
  if (result.layout.length + result.publint.length + result.attw.length > 0) failed++;
  process.stdout.write(
    `${result.name.padEnd(11)} ${String(result.fileCount ?? '-').padStart(5)}  ${(result.size ?? '-').padStart(6)}   ${ok(result.layout).padEnd(6)}  ${ok(result.publint).padEnd(7)}  ${ok(result.attw)}\n`,
  );
}
process.stdout.write(
  `\n${failed === 0 ? 'all clean' : `${failed} of ${results.length} package(s) with problems`} (${seconds(start)})\n`,
);
if (options.keep) process.stdout.write(`tarballs kept in ${work}\n`);
else await rm(work, { recursive: true, force: true });
process.exit(failed === 0 ? 0 : 1);

async function checkPackage(name) {
  const result = { name, layout: [], publint: [], attw: [], notes: [] };
  const packed = await pack(name, join(work, 'tarballs'));
  if (packed.error) {
    result.layout.push(packed.error);
    return result;
  }
  result.fileCount = packed.files.length;
  result.size = `${Math.round(statSync(packed.tarball).size / 1024)}k`;
  const unpacked = join(work, 'unpacked', name);
  await mkdir(unpacked, { recursive: true });
  const untar = await run('tar', ['-xzf', packed.tarball, '-C', unpacked]);
  if (untar.code !== 0) {
    result.layout.push(`cannot unpack ${packed.tarball}: ${untar.stderr}`);
    return result;
  }
  const root = join(unpacked, 'package');
  result.layout = checkLayout(root, packed.files);
  [result.publint, result.attw] = await Promise.all([
    runPublint(packed.tarball, result.notes),
    runAttw(packed.tarball),
  ]);
  return result;
}

function checkLayout(root, files) {
  const problems = [];
  const shipped = new Set(files);
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

  for (const file of files) {
    for (const [pattern, what] of FORBIDDEN) {
      if (pattern.test(file)) problems.push(`ships ${what}: ${file} (narrow "files")`);
    }
  }

  for (const field of ['description', 'license', 'repository', 'keywords', 'exports', 'engines']) {
    if (manifest[field] === undefined) problems.push(`package.json has no "${field}"`);
  }
  if (manifest.type !== 'module') problems.push('package.json "type" is not "module"');
  if (manifest.sideEffects === undefined) {
    problems.push('package.json has no "sideEffects" (say false, or list the files that have)');
  }
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
      if (/^(workspace|link|file):/.test(range)) {
        problems.push(`packed ${field}.${dep} is "${range}": not installable from a registry`);
      }
    }
  }

  const exportsMap = manifest.exports;
  if (exportsMap !== undefined && typeof exportsMap === 'object' && exportsMap !== null) {
    for (const [subpath, target] of Object.entries(exportsMap)) {
      if (subpath.endsWith('.json')) continue;
      if (typeof target !== 'object' || target === null || !('types' in target)) {
        problems.push(`exports["${subpath}"] has no "types" condition`);
      } else if (Object.keys(target).indexOf('types') > Object.keys(target).indexOf('default')) {
        problems.push(`exports["${subpath}"]: "types" must come before "default"`);
      }
    }
    for (const [path, target] of exportTargets(exportsMap, ['exports'])) {
      const file = normalize(target).replace(/^\.\//, '');
      if (!shipped.has(file)) {
        problems.push(`${formatPath(path)} → ${target}, which is not in the tarball`);
      }
    }
  }

  const readme = files.find((file) => /^readme(\.md)?$/i.test(file));
  if (readme === undefined) {
    problems.push('no README.md in the tarball');
  } else {
    const text = readFileSync(join(root, readme), 'utf8');
    const install = new RegExp(
      `(npm (i|install)|pnpm add|yarn add)\\s[^\\n]*${manifest.name.replace('/', '\\/')}`,
    );
    if (!install.test(text)) {
      problems.push(
        `README.md shows no install command for ${manifest.name} (e.g. npm i ${manifest.name})`,
      );
    }
    if (!/```(ts|typescript|js|javascript)\n/.test(text)) {
      problems.push('README.md has no ```ts or ```js example');
    }
  }

  // A source map whose sources are not shipped makes debuggers and "go to definition" land on
  // nothing; either ship the sources or do not ship the maps.
  const missingSources = new Set();
  for (const file of files.filter((f) => f.endsWith('.map'))) {
    let map;
    try {
      map = JSON.parse(readFileSync(join(root, file), 'utf8'));
    } catch {
      problems.push(`${file} is not valid JSON`);
      continue;
    }
    for (const source of map.sources ?? []) {
      const target = normalize(join(dirname(file), map.sourceRoot ?? '', source));
      if (!shipped.has(target) && !existsSync(join(root, target))) missingSources.add(target);
    }
  }
  if (missingSources.size > 0) {
    const list = [...missingSources].sort();
    problems.push(
      `source maps point at ${list.length} file(s) not in the tarball (${list.slice(0, 3).join(', ')}${list.length > 3 ? ', …' : ''}): ship src/ or drop the maps`,
    );
  }
  return problems;
}

/** `exports["."]["types"]`-style display of a JSON path. */
function formatPath([head, ...rest]) {
  return `${head}${rest.map((key) => `[${JSON.stringify(key)}]`).join('')}`;
}

/** Every string leaf of an exports map, with its path. */
function* exportTargets(value, path) {
  if (typeof value === 'string') {
    yield [path, value];
  } else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) yield* exportTargets(item, [...path, index]);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) yield* exportTargets(item, [...path, key]);
  }
}

async function runPublint(tarball, notes) {
  const buffer = await readFile(tarball);
  const tarballBytes = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.length);
  try {
    const { messages, pkg } = await publint({
      pack: { tarball: tarballBytes },
      level: 'suggestion',
      strict: true,
    });
    const problems = [];
    for (const message of messages) {
      const text = `publint ${message.code}: ${formatMessage(message, pkg, { color: false }) ?? ''}`;
      if (message.type === 'suggestion') notes.push(text);
      else problems.push(text);
    }
    return problems;
  } catch (error) {
    return [`publint failed: ${error instanceof Error ? error.message : String(error)}`];
  }
}

async function runAttw(tarball) {
  const result = await run(process.execPath, [
    ATTW,
    tarball,
    '--profile',
    'esm-only',
    '--format',
    'json',
    '--no-color',
  ]);
  let report;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    return [`attw failed (exit ${result.code}): ${(result.stderr || result.stdout).trim()}`];
  }
  const { analysis } = report;
  if (!analysis.types) return ['attw: the package ships no types'];
  return analysis.problems
    .filter(
      (problem) =>
        !('resolutionKind' in problem) ||
        !ATTW_IGNORED_RESOLUTIONS.includes(problem.resolutionKind),
    )
    .map((problem) => {
      const where = [problem.entrypoint, problem.resolutionKind].filter(Boolean).join(', ');
      return `attw ${problem.kind}${where ? ` (${where})` : ''}: see https://github.com/arethetypeswrong/arethetypeswrong.github.io/blob/main/docs/problems/${problem.kind}.md`;
    });
}
