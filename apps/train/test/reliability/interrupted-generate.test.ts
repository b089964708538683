import { spawn } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, GOOD_LHE, K2, ROOT, tempDir } from './helpers.js';

let tmp: { dir: string; remove: () => Promise<void> };
let input: string;

beforeAll(async () => {
  tmp = await tempDir('kill');
  // 4000 events: the 100 of the sample LHE file forty times over, so that generation (thousands of
  // events per second) runs long enough to be killed mid-way on any machine.
  const text = await readFile(GOOD_LHE, 'utf8');
  const first = text.indexOf('<event>');
  const last = text.lastIndexOf('</LesHouchesEvents>');
  input = join(tmp.dir, 'input.lhe');
  await writeFile(
    input,
    text.slice(0, first) + text.slice(first, last).repeat(40) + text.slice(last),
  );
});
afterAll(async () => {
  await tmp.remove();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The arguments of one shard of the job (half of the 4000 events). */
function shardArgs(out: string): string[] {
  return [
    'generate',
    '--model',
    K2,
    '--input',
    input,
    '--out',
    out,
    '--shard',
    '1/2',
    '--seed',
    '7',
    '--quiet',
  ];
}

describe('apemen generate killed mid-way (SIGKILL)', () => {
  it('leaves no file at --out; a re-run reproduces the shard byte for byte and removes the stale temporary', async () => {
    const dir = join(tmp.dir, 'killed');
    await (await import('node:fs/promises')).mkdir(dir);
    const out = join(dir, 'shard1.hepmc3');
    const child = spawn(
      process.execPath,
      [
        '--conditions=@apemen/source',
        '--import',
        'tsx/esm',
        'apps/train/src/main.ts',
        ...shardArgs(out),
      ],
      { cwd: ROOT, stdio: 'ignore' },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('close', (_, s) => resolve(s)),
    );
    // Kill it once the temporary file holds events: the writer is mid-way.
    let temporary: string | undefined;
    for (let waited = 0; waited < 120_000 && child.exitCode === null; waited += 20) {
      const names = await readdir(dir);
      temporary = names.find((n) => /^\.shard1\.hepmc3\.\d+\.[a-z0-9]+\.tmp$/.test(n));
      if (temporary !== undefined && (await stat(join(dir, temporary))).size > 2000) break;
      await sleep(20);
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(temporary).toBeDefined();
    // Nothing at --out; what remains is the writer's hidden temporary file (SIGKILL runs no
    // clean-up), which no reader would take for the output.
    expect(await readdir(dir)).toEqual([temporary]);

    // The re-run of the same shard, in-process, completes and gives the uninterrupted file.
    const rerun = await cli(shardArgs(out));
    expect(rerun.code).toBe(0);
    expect(rerun.stderr).toContain('wrote 2000 events');
    const reference = join(tmp.dir, 'reference.hepmc3');
    expect((await cli(shardArgs(reference))).code).toBe(0);
    const [again, expected] = await Promise.all([readFile(out), readFile(reference)]);
    expect(again.length).toBeGreaterThan(0);
    expect(again.equals(expected)).toBe(true);
    // The completed re-run removed the killed writer's stale temporary file.
    expect(await readdir(dir)).toEqual(['shard1.hepmc3']);
  });
});
