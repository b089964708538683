import { createWriteStream, type WriteStream } from 'node:fs';
import { readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { formatApemenTextEvent } from './apemen-text.js';
import { EventIOError } from './errors.js';
import type { GenEvent } from './event.js';
import { formatHepMC2Event, hepmc2Footer, hepmc2Header } from './hepmc2.js';
import { formatHepMC3Event, hepmc3Footer, hepmc3Header } from './hepmc3.js';
import { defaultLheInit, formatLheEvent, type LheInit, lheFooter, lheHeader } from './lhe.js';

/** The formats {@link createEventWriter} writes. */
export type WritableEventFormat = 'hepmc2' | 'hepmc3' | 'apemen-text' | 'lhe';

/** Options of {@link createEventWriter}. */
export interface EventWriterOptions {
  /**
   * APEMEN text only: move particles to the centres of an N×N pixel grid.
   * @defaultValue none (exact fractions)
   */
  pixels?: number;
  /**
   * LHE only: the run information to write; from the first event when absent.
   * @defaultValue {@link defaultLheInit} of the first event
   */
  lheInit?: LheInit;
}

/** Writes events to a file that appears, complete, only when closed. */
export interface EventWriter {
  /**
   * Writes one event.
   * @param event - the event
   * @returns a promise that settles when the event is accepted (writes are kept in order)
   * @throws EventIOError `bad-event` if the format cannot hold the event (nothing is written)
   */
  write(event: GenEvent): Promise<void>;
  /** Writes the closing line and renames the temporary file onto the path. */
  close(): Promise<void>;
  /** Stops and removes the temporary file; the path is left untouched. */
  abort(): Promise<void>;
}

class FileEventWriter implements EventWriter {
  private readonly path: string;
  private readonly tmp: string;
  private readonly format: WritableEventFormat;
  private readonly options: EventWriterOptions;
  private readonly file: WriteStream;
  private readonly sink: Writable;
  private started = false;
  private done = false;
  private failure: Error | undefined;
  private readonly hepmc3State: { names?: string[] } = {};
  private chain: Promise<void> = Promise.resolve();

  constructor(path: string, format: WritableEventFormat, options: EventWriterOptions) {
    this.path = path;
    this.format = format;
    this.options = options;
    this.tmp = join(
      dirname(path),
      `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`,
    );
    this.file = createWriteStream(this.tmp);
    this.file.on('error', (e: NodeJS.ErrnoException) => {
      // Name the file the caller asked for, not the temporary one, in messages such as ENOENT.
      if (e.path === this.tmp) e.path = this.path;
      this.failure ??= e;
      // A gzip stream in front would otherwise wait for a drain that never comes.
      if (this.sink !== this.file) this.sink.destroy(e);
    });
    if (path.endsWith('.gz')) {
      const gz = createGzip();
      gz.on('error', (e) => {
        this.failure ??= e;
      });
      gz.pipe(this.file);
      this.sink = gz;
    } else this.sink = this.file;
  }

  private put(text: string): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.sink.write(text)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onDrain = (): void => {
        this.sink.off('error', onError);
        resolve();
      };
      const onError = (e: Error): void => {
        this.sink.off('drain', onDrain);
        reject(e);
      };
      this.sink.once('drain', onDrain);
      this.sink.once('error', onError);
    });
  }

  private header(first: GenEvent | undefined): string {
    switch (this.format) {
      case 'hepmc2':
        return hepmc2Header();
      case 'hepmc3':
        return hepmc3Header();
      case 'lhe':
        return lheHeader(this.options.lheInit ?? defaultLheInit(first));
      default:
        return '';
    }
  }

  private footer(): string {
    switch (this.format) {
      case 'hepmc2':
        return hepmc2Footer();
      case 'hepmc3':
        return hepmc3Footer();
      case 'lhe':
        return lheFooter();
      default:
        return '';
    }
  }

  private formatEvent(ev: GenEvent): string {
    switch (this.format) {
      case 'hepmc2':
        return formatHepMC2Event(ev);
      case 'hepmc3':
        return formatHepMC3Event(ev, this.hepmc3State);
      case 'lhe':
        return formatLheEvent(ev);
      default:
        return formatApemenTextEvent(ev, this.options.pixels);
    }
  }

  write(event: GenEvent): Promise<void> {
    if (this.done) return Promise.reject(closedError(this.path));
    let text: string;
    try {
      text = this.formatEvent(event);
    } catch (e) {
      return Promise.reject(e);
    }
    if (!this.started) {
      text = this.header(event) + text;
      this.started = true;
    }
    const next = this.chain.then(() => this.put(text));
    this.chain = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    if (this.done) throw closedError(this.path);
    this.done = true;
    await this.chain;
    const tail = (this.started ? '' : this.header(undefined)) + this.footer();
    try {
      if (this.failure !== undefined) throw this.failure;
      await new Promise<void>((resolve, reject) => {
        this.file.once('close', () =>
          this.failure === undefined ? resolve() : reject(this.failure),
        );
        this.file.once('error', reject);
        this.sink.end(tail);
      });
      await rename(this.tmp, this.path);
    } catch (e) {
      await unlink(this.tmp).catch(() => undefined);
      throw e;
    }
    await removeStaleTemporaries(this.path);
  }

  async abort(): Promise<void> {
    if (this.done && this.file.closed) return;
    this.done = true;
    await this.chain;
    await new Promise<void>((resolve) => {
      if (this.file.closed) resolve();
      else {
        this.file.once('close', () => resolve());
        this.sink.destroy();
        this.file.destroy();
      }
    });
    await unlink(this.tmp).catch(() => undefined);
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files that writers of the same output left when they were killed
 * (SIGKILL runs no clean-up), once a writer has put the complete file in place.
 *
 * @remarks
 * Only files named like this module's temporaries for `path` (`.<name>.<pid>.<random>.tmp`) whose
 * process no longer runs on this machine are removed. Two jobs writing the same output at the same
 * time on different machines of a shared file system would already overwrite each other.
 */
async function removeStaleTemporaries(path: string): Promise<void> {
  const prefix = `.${basename(path)}.`;
  let names: string[];
  try {
    names = await readdir(dirname(path));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const match = /^(\d+)\.[a-z0-9]+\.tmp$/.exec(name.slice(prefix.length));
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || processIsAlive(pid)) continue;
    await unlink(join(dirname(path), name)).catch(() => undefined);
  }
}

function closedError(path: string): EventIOError {
  return new EventIOError('writer-closed', `${path}: the writer is already closed or aborted`, {
    file: path,
  });
}

/**
 * Opens an event writer: events go to a temporary file beside `path`, renamed onto it by close().
 *
 * @param path - the output file (gzip-compressed when it ends in `.gz`)
 * @param format - `hepmc2`, `hepmc3`, `apemen-text` or `lhe`
 * @param options - pixel grid (APEMEN text), init block (LHE)
 * @returns the writer
 * @remarks
 * A reader of the same format gives back the events written (read(write(x)) = x) for events in the
 * form that reader gives: particle ids 1…n and vertex ids −1…−m in file order; APEMEN text keeps
 * momenta to rounding (massless). Numbers are written in the shortest form that reads back to
 * the same double.
 * @example
 * ```ts
 * const w = createEventWriter('out.hepmc3', 'hepmc3');
 * for await (const ev of readEvents('in.hepmc2')) await w.write(ev);
 * await w.close();
 * ```
 */
export function createEventWriter(
  path: string,
  format: WritableEventFormat,
  options: EventWriterOptions = {},
): EventWriter {
  return new FileEventWriter(path, format, options);
}
