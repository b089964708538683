// Benchmark of the HepMC2 reader of @apemen/eventio, side by side with HepMC3's C++ reader.
//
//   node --conditions=@apemen/source --import tsx/esm bench/eventio/read-hepmc2.ts \
//     [--mb 200] [--cxx /tmp/bench_read] [--keep]
//
// Makes a HepMC2 file of at least --mb MB in a temporary directory by repeating the events of
// ../shared/data/events/hepmc3repo_test_inputConvert1.hepmc2.hepmc (renumbered), reads it with
// eventio in a child process (peak RSS of the reader alone), and, when the C++ program
// tools/hepmc3-fixtures/bench_read.cc is built (g++ -O2 -std=c++17 bench_read.cc -lHepMC3 -o
// /tmp/bench_read), with HepMC3's ReaderAsciiHepMC2. Prints JSON.
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '../..');
const sample = resolve(root, '../shared/data/events/hepmc3repo_test_inputConvert1.hepmc2.hepmc');

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i !== -1 && process.argv[i + 1] !== undefined ? (process.argv[i + 1] as string) : fallback;
}
const targetMB = Number(option('--mb', '200'));
const cxx = option('--cxx', '/tmp/bench_read');
const keep = process.argv.includes('--keep');

/** Writes a HepMC2 file of at least `mb` MB from the sample's events, renumbered 0, 1, …. */
function makeFile(path: string, mb: number): { bytes: number; events: number } {
  const lines = readFileSync(sample, 'utf8').split('\n');
  const start = lines.findIndex((l) => l.startsWith('HepMC::IO_GenEvent-START'));
  const end = lines.findIndex((l) => l.startsWith('HepMC::IO_GenEvent-END'));
  const body = lines.slice(start + 1, end);
  const eventStarts = body.flatMap((l, i) => (l.startsWith('E ') ? [i] : []));
  const events = eventStarts.map((s, k) => body.slice(s, eventStarts[k + 1] ?? body.length));
  const fd = openSync(path, 'w');
  let bytes = 0;
  let n = 0;
  const put = (s: string): void => {
    bytes += writeSync(fd, s);
  };
  put(`HepMC::Version 2.06.10\nHepMC::IO_GenEvent-START_EVENT_LISTING\n`);
  while (bytes < mb * 1e6) {
    for (const ev of events) {
      const [first, ...rest] = ev;
      put(`${(first as string).replace(/^E \d+ /, `E ${n++} `)}\n${rest.join('\n')}\n`);
    }
  }
  put('HepMC::IO_GenEvent-END_EVENT_LISTING\n');
  closeSync(fd);
  return { bytes, events: n };
}

interface ReadResult {
  events: number;
  particles: number;
  finalState: number;
  seconds: number;
  maxRssMiB: number;
}

const dir = mkdtempSync(join(tmpdir(), 'bench-eventio-'));
try {
  const file = join(dir, 'big.hepmc2');
  const made = makeFile(file, targetMB);
  const mb = statSync(file).size / 1e6;
  const ours = JSON.parse(
    execFileSync(
      process.execPath,
      ['--conditions=@apemen/source', '--import', 'tsx/esm', join(here, 'read-worker.ts'), file],
      {
        cwd: root,
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      },
    ),
  ) as ReadResult;
  const result: Record<string, unknown> = {
    file: { mb: Number(mb.toFixed(1)), events: made.events },
    eventio: {
      ...ours,
      mbPerSecond: Number((mb / ours.seconds).toFixed(1)),
      eventsPerSecond: Math.round(ours.events / ours.seconds),
    },
  };
  if (existsSync(cxx)) {
    let stderr = '';
    try {
      execFileSync(cxx, [file], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    } catch (e) {
      stderr = String((e as { stderr?: string }).stderr ?? '');
    }
    const cpp = JSON.parse(
      stderr ||
        execFileSync('sh', ['-c', `"${cxx}" "${file}" 2>&1 >/dev/null | tail -n 1`], {
          encoding: 'utf8',
        }),
    ) as ReadResult;
    result.hepmc3Cpp = {
      ...cpp,
      mbPerSecond: Number((mb / cpp.seconds).toFixed(1)),
      eventsPerSecond: Math.round(cpp.events / cpp.seconds),
    };
    result.speedRatio = Number((cpp.seconds / ours.seconds).toFixed(2));
  } else
    result.hepmc3Cpp = `not built: g++ -O2 -std=c++17 tools/hepmc3-fixtures/bench_read.cc -lHepMC3 -o ${cxx}`;
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
