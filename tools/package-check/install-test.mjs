#!/usr/bin/env node
import { existsSync, readFileSync } from 'node:fs';
// Installs the packed packages the way users get them (npm, from tarballs, no workspace links) and
// runs an ESM example and a strict TypeScript check against each; then @apemen/fourvec alone,
// without tfjs. Builds nothing: run `pnpm build` first. See docs/packaging.md.
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  mapLimit,
  PACKAGES_DIR,
  pack,
  parseArgs,
  ROOT,
  readManifest,
  resolveSelection,
  run,
  seconds,
  tempDir,
  withWorkspaceDependencies,
} from './lib.mjs';

const USAGE = `usage: pnpm run test:install [--packages fourvec,plot | all] [--keep]

Packs the packages (default: every package under packages/) and the @apemen packages they need,
installs all tarballs with one \`npm install\` into a fresh project, then for each chosen package:
  run    tools/package-check/examples/<name>.mjs (or, where there is none, imports the package)
  types  tsc --noEmit (strict, NodeNext) on examples/<name>.ts (or an import of every entry
         point) and on the first \`\`\`ts block of its README
and, when fourvec is chosen, installs it alone (no tfjs) and runs examples/fourvec-alone.*.
Needs dist/ (run \`pnpm build\` first) and the npm registry for third-party dependencies.
Exit 0 all passed, 1 a failure, 2 bad usage.
`;

const EXAMPLES = join(ROOT, 'tools', 'package-check', 'examples');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
// Optional peers that the examples use; their versions are the ones the workspace tests against.
// tfjs-layers is a required peer of layers, shower and merging: listing it pins the version.
const TFJS = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu'];
const TFJS_LAYERS = [...TFJS, '@tensorflow/tfjs-layers'];
const EXAMPLE_EXTRAS = {
  fourvec: TFJS,
  jetimage: TFJS,
  layers: TFJS_LAYERS,
  merging: TFJS_LAYERS,
  shower: TFJS_LAYERS,
};
// A strict consumer (our own settings). skipLibCheck is off so that our .d.ts files are checked as
// users compile them (a .d.ts importing an uninstalled package would otherwise turn into a silent
// `any`). Third-party typings then get checked too: tfjs-core's and vega's need the DOM lib and
// @types/long (picked up because `types` is left unset in the full project), and tfjs-layers'
// do not compile under strictNullChecks at all, so errors located in third-party .d.ts files are
// counted but do not fail the test (see typeErrors).
const COMPILER_OPTIONS = {
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: false,
  verbatimModuleSyntax: true,
  skipLibCheck: false,
  noEmit: true,
};

/** Thrown to skip the remaining steps once a failure has been recorded. */
class Stop extends Error {}

const options = parseArgs(process.argv.slice(2), USAGE);
const selection = resolveSelection(options.packages);
const packed = withWorkspaceDependencies(selection);
const work = await tempDir('install-test');
const start = performance.now();
const timings = [];
const results = [];
let phase = performance.now();
const lap = (name) => {
  timings.push(`${name} ${seconds(phase)}`);
  phase = performance.now();
};

try {
  // 1. Pack every package needed (the chosen ones and their @apemen dependencies).
  const tarballs = await mapLimit(packed, 2, (name) => pack(name, join(work, 'tarballs')));
  const packErrors = tarballs.filter((t) => t.error);
  if (packErrors.length > 0) {
    for (const t of packErrors) fail(`pack ${t.name}`, t.error);
    throw new Stop();
  }
  const tarballOf = Object.fromEntries(tarballs.map((t) => [t.name, t.tarball]));
  lap('pack');

  // 2. Two fresh projects: everything (one npm install), and fourvec alone (no tfjs).
  const full = join(work, 'project');
  const extras = new Set(['@types/node']);
  for (const name of selection) for (const dep of EXAMPLE_EXTRAS[name] ?? []) extras.add(dep);
  const dependencies = {};
  for (const name of packed) dependencies[`@apemen/${name}`] = `file:${tarballOf[name]}`;
  for (const dep of [...extras].sort()) dependencies[dep] = workspaceVersion(dep);
  await writeProject(full, dependencies, { lib: ['ES2023', 'DOM'] });
  const alone = selection.includes('fourvec') ? join(work, 'fourvec-alone') : undefined;
  // Neither tfjs nor @types/node nor the DOM lib: the main entry must need none of them.
  if (alone) {
    await writeProject(
      alone,
      { '@apemen/fourvec': `file:${tarballOf.fourvec}` },
      { lib: ['ES2023'], types: [] },
    );
  }
  const installs = await Promise.all([full, alone].filter(Boolean).map(npmInstall));
  if (installs.some((ok) => !ok)) throw new Stop();
  lap('npm install');

  // 3. ESM examples, two at a time.
  await mapLimit(selection, 2, async (name) => {
    const script = join(EXAMPLES, `${name}.mjs`);
    const target = join(full, `example-${name}.mjs`);
    if (existsSync(script)) await copyFile(script, target);
    else await writeFile(target, smokeScript(name));
    await runCheck(`run ${name}`, process.execPath, [target], full);
  });
  if (alone) {
    await copyFile(join(EXAMPLES, 'fourvec-alone.mjs'), join(alone, 'example.mjs'));
    await runCheck('run fourvec alone', process.execPath, ['example.mjs'], alone);
  }
  lap('examples');

  // 4. One strict type check over every package's typed example and README example.
  for (const name of selection) {
    const typed = join(EXAMPLES, `${name}.ts`);
    if (existsSync(typed)) await copyFile(typed, join(full, `types-${name}.ts`));
    else await writeFile(join(full, `types-${name}.ts`), smokeTypes(name));
    const readme = readmeExample(name);
    if (readme !== undefined) await writeFile(join(full, `readme-${name}.ts`), readme);
  }
  const checks = [typeCheck('types', full)];
  if (alone) {
    await copyFile(join(EXAMPLES, 'fourvec-alone.ts'), join(alone, 'types.ts'));
    checks.push(typeCheck('types fourvec alone', alone));
  }
  await Promise.all(checks);
  lap('tsc');
} catch (error) {
  if (!(error instanceof Stop)) throw error;
}

for (const result of results) {
  process.stdout.write(
    `${result.ok ? '✓' : '✗'} ${result.name}${result.note ? `: ${result.note}` : ''}\n`,
  );
  if (!result.ok && result.output) process.stdout.write(`${indent(result.output)}\n`);
}
const failures = results.filter((r) => !r.ok).length;
process.stdout.write(
  `\n${failures === 0 ? 'install test passed' : `install test: ${failures} failure(s)`} for ${selection.join(', ')} (packed ${packed.join(', ')})\nwall time ${seconds(start)}: ${timings.join(', ')}\n`,
);
if (options.keep) process.stdout.write(`projects kept in ${work}\n`);
else await rm(work, { recursive: true, force: true });
process.exit(failures === 0 ? 0 : 1);

function fail(name, output) {
  results.push({ name, ok: false, output });
}

function indent(text) {
  return text
    .trim()
    .split('\n')
    .slice(-40)
    .map((line) => `    ${line}`)
    .join('\n');
}

/** The version of `dep` installed in the workspace, so the test uses what the unit tests use. */
function workspaceVersion(dep) {
  const places = [join(ROOT, 'node_modules', dep, 'package.json')];
  for (const name of packed)
    places.push(join(PACKAGES_DIR, name, 'node_modules', dep, 'package.json'));
  const found = places.find((place) => existsSync(place));
  if (found === undefined) throw new Error(`${dep} is not installed in the workspace`);
  return JSON.parse(readFileSync(found, 'utf8')).version;
}

async function writeProject(dir, dependencies, compilerOptions) {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const manifest = { name: 'apemen-install-test', private: true, type: 'module', dependencies };
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const tsconfig = {
    compilerOptions: { ...COMPILER_OPTIONS, ...compilerOptions },
    include: ['*.ts'],
  };
  await writeFile(join(dir, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
}

async function npmInstall(dir) {
  const result = await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'],
    // A workspace's npm settings (and pnpm's) must not leak into the users' view.
    { cwd: dir, env: { npm_config_workspaces: undefined, npm_config_user_agent: undefined } },
  );
  const name = dir.endsWith('fourvec-alone') ? 'npm install fourvec alone' : 'npm install';
  results.push({ name, ok: result.code === 0, output: result.stderr || result.stdout });
  return result.code === 0;
}

async function runCheck(name, command, args, cwd) {
  const t0 = performance.now();
  const result = await run(command, args, { cwd });
  const lastLine = result.stdout.trim().split('\n').at(-1) ?? '';
  results.push({
    name,
    ok: result.code === 0,
    note: result.code === 0 ? [lastLine, `(${seconds(t0)})`].filter(Boolean).join(' ') : undefined,
    output: `${result.stdout}${result.stderr}`,
  });
}

/**
 * Runs tsc on a project and fails on errors located in our files: the examples and
 * node_modules/@apemen/**. Errors inside other packages' typings are only counted.
 */
async function typeCheck(name, cwd) {
  const t0 = performance.now();
  const result = await run(process.execPath, [TSC, '-p', '.', '--pretty', 'false'], { cwd });
  const ours = [];
  let theirs = 0;
  let current;
  for (const line of result.stdout.split('\n')) {
    const located = /^(\S[^(]*)\(\d+,\d+\): error TS\d+/.exec(line);
    if (located) {
      const file = located[1];
      current = !file.startsWith('node_modules/') || file.startsWith('node_modules/@apemen/');
      if (current) ours.push(line);
      else theirs++;
    } else if (line.startsWith(' ')) {
      if (current) ours.push(line);
    } else if (line.trim() !== '') {
      // An error without a location (a bad tsconfig, a crash) is ours to fix.
      current = true;
      ours.push(line);
    }
  }
  const ok = ours.length === 0 && (result.code === 0 || theirs > 0);
  const ignored = theirs > 0 ? `${theirs} error(s) in third-party typings ignored` : '';
  results.push({
    name,
    ok,
    note: ok ? `(${[seconds(t0), ignored].filter(Boolean).join(', ')})` : undefined,
    output: ok
      ? ''
      : `${ours.join('\n') || result.stderr}\n(${ignored || 'no third-party errors'})`,
  });
}

/** Every entry point of a package without an example: importing it must work and export something. */
function smokeScript(name) {
  const subpaths = entrySubpaths(name);
  return `import assert from 'node:assert/strict';
for (const specifier of ${JSON.stringify(subpaths.map((s) => `@apemen/${name}${s}`))}) {
  const module = await import(specifier);
  assert.ok(Object.keys(module).length > 0, \`\${specifier} exports nothing\`);
}
console.log('${name}: imported ${subpaths.length} entry point(s)');
`;
}

function smokeTypes(name) {
  return entrySubpaths(name)
    .map(
      (s, i) =>
        `import * as entry${i} from '@apemen/${name}${s}';\nexport type Entry${i} = typeof entry${i};\n`,
    )
    .join('');
}

function entrySubpaths(name) {
  const exportsMap = readManifest(name).exports ?? {};
  return Object.keys(exportsMap)
    .filter((key) => key.startsWith('.') && !key.endsWith('.json'))
    .map((key) => key.slice(1));
}

/** The first ```ts block of packages/<name>/README.md: the example users copy first. */
function readmeExample(name) {
  const text = readFileSync(join(PACKAGES_DIR, name, 'README.md'), 'utf8');
  const match = /```ts\n([\s\S]*?)```/.exec(text);
  return match ? `// From packages/${name}/README.md\n${match[1]}` : undefined;
}
