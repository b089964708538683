#!/usr/bin/env node
// TypeDoc validation as errors (undocumented exports, broken {@link}s, types referenced but not
// exported) for the chosen packages, without writing the site; plus the guides' front matter.
// `pnpm run docs` builds the whole site with the same settings but only warns.
import { readdirSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { PACKAGES_DIR, parseArgs, ROOT, resolveSelection, run, seconds, tempDir } from './lib.mjs';

const USAGE = `usage: pnpm run docs:check [--packages fourvec,plot | all]

Runs TypeDoc over the chosen packages (default: every package under packages/) with the settings of
typedoc.json, validation warnings (notDocumented, invalidLink, notExported) as errors and no output,
then checks that every guide in docs/ starts with front matter naming its \`title:\` (reported, not
fatal: TypeDoc then falls back to the file name). Exit 0 clean, 1 problems, 2 bad usage.
`;

const options = parseArgs(process.argv.slice(2), USAGE);
const selection = resolveSelection(options.packages);
const start = performance.now();
const work = await tempDir('docs-check');
const config = join(work, 'typedoc.json');
await writeFile(
  config,
  JSON.stringify({
    extends: [join(ROOT, 'typedoc.json')],
    entryPoints: selection.map((name) => join(PACKAGES_DIR, name)),
    // The guides link across every package; they are checked by the full `pnpm run docs`.
    projectDocuments: [],
    readme: 'none',
    emit: 'none',
    validation: { notExported: true, invalidLink: true, notDocumented: true },
    treatValidationWarningsAsErrors: true,
  }),
);
const result = await run(
  process.execPath,
  [join(ROOT, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--options', config],
  { cwd: ROOT, env: { FORCE_COLOR: '0', NO_COLOR: '1' } },
);
await rm(work, { recursive: true, force: true });

const lines = `${result.stdout}\n${result.stderr}`
  .split('\n')
  .map((line) => stripVTControlCharacters(line).trim())
  .filter(
    (line) => /^\[(warning|error)\]/.test(line) && !/^\[(warning|error)\] Found \d+/.test(line),
  );
for (const line of lines) process.stdout.write(`✗ ${line}\n`);

const guides = readdirSync(join(ROOT, 'docs'))
  .filter((file) => file.endsWith('.md'))
  .sort();
const untitled = guides.filter(
  (file) =>
    !/^---\n(?:[^\n]*\n)*?title: *\S[^\n]*\n(?:[^\n]*\n)*?---\n/.test(
      readFileSync(join(ROOT, 'docs', file), 'utf8'),
    ),
);
for (const file of untitled) {
  process.stdout.write(
    `· docs/${file}: no front matter with \`title:\` (the site names it by its file)\n`,
  );
}

const failed = result.code !== 0 || lines.length > 0;
process.stdout.write(
  `\ntypedoc validation of ${selection.join(', ')}: ${failed ? `${lines.length || 'some'} problem(s) (typedoc exit ${result.code})` : 'clean'}; ${guides.length - untitled.length} of ${guides.length} guides titled (${seconds(start)})\n`,
);
if (failed && lines.length === 0) process.stdout.write(`${result.stdout}${result.stderr}\n`);
process.exit(failed ? 1 : 0);
