import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { EventIOError, readEvents } from '@apemen/eventio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, listing, tempDir, theErrorLine } from './helpers.js';

const MB = 1024 * 1024;
let tmp: { dir: string; remove: () => Promise<void> };
let file: string;
let out: string;

beforeAll(async () => {
  tmp = await tempDir('long-line');
  out = join(tmp.dir, 'out');
  await (await import('node:fs/promises')).mkdir(out);
  // A HepMC3 file whose fourth line is one 100 MB line (never committed: made here).
  file = join(tmp.dir, 'long-line.hepmc3');
  const handle = await open(file, 'w');
  await handle.write(
    'HepMC::Version 3.02.05\nHepMC::Asciiv3-START_EVENT_LISTING\nE 0 1 1\nP 1 0 21 ',
  );
  const chunk = Buffer.alloc(MB, '1 ');
  for (let i = 0; i < 100; i++) await handle.write(chunk);
  await handle.write('\nHepMC::Asciiv3-END_EVENT_LISTING\n');
  await handle.close();
});
afterAll(async () => {
  await tmp.remove();
});

describe('a 100 MB line', () => {
  it('readEvents stops at the 16 MiB cap with line-too-long, naming line 4', async () => {
    const read = async (): Promise<void> => {
      for await (const _ of readEvents(file));
    };
    const error = await read().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EventIOError);
    expect(error).toMatchObject({ code: 'line-too-long', line: 4 });
    expect((error as Error).message).toContain(
      `${file}:4: expected lines of at most ${16 * MB} characters`,
    );
  });

  it.each([
    ['info', () => ['info', file]],
    ['convert', () => ['convert', file, join(out, 'o.hepmc2')]],
    ['pixelise', () => ['pixelise', file, join(out, 'o.npy'), '--pixels', '8']],
  ] as [string, () => string[]][])(
    'apemen %s: exit 2, one line, no output left',
    async (_, args) => {
      const r = await cli(args());
      expect(theErrorLine(r)).toContain(`apemen: ${file}:4: expected lines of at most`);
      expect(await listing(out)).toEqual([]);
    },
  );
});
