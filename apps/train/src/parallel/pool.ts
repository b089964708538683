import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Messages between the coordinator and its worker processes.
 * @internal
 */
export type ToWorker =
  | { type: 'init'; module: string; init: unknown }
  | { type: 'call'; id: number; payload: unknown }
  | { type: 'exit' };

/** @internal */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'result'; id: number; result: unknown }
  | { type: 'error'; id: number | null; message: string };

/** Options of a {@link WorkerPool}. */
export interface WorkerPoolOptions {
  /** Number of worker processes. */
  workers: number;
  /**
   * Module each worker loads, as a file URL or path; it must export
   * `createWorker(init): (payload) => result | Promise<result>`.
   */
  module: string | URL;
  /** What each worker's `createWorker` receives, by worker index. */
  init: (index: number) => unknown;
  /** Extra environment variables by worker index (e.g. CUDA_VISIBLE_DEVICES). */
  env?: (index: number) => Record<string, string>;
  /** Where prefixed worker output goes. @defaultValue process.stderr */
  log?: (line: string) => void;
  /**
   * Node options of the workers. @defaultValue this process's `execArgv`, plus the tsx loader and
   * the `@apemen/source` condition when running from TypeScript sources without them
   */
  execArgv?: string[];
}

/** Raised when a worker dies or fails; the pool is then closed. */
export class WorkerFailure extends Error {
  override readonly name = 'WorkerFailure';
  /** A runtime failure of the run, not bad input. */
  readonly exitCode = 1;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

function workerEntry(): string {
  const here = fileURLToPath(import.meta.url);
  return here.replace(/pool\.(ts|js)$/, (_m, ext: string) => `worker-main.${ext}`);
}

function defaultExecArgv(entry: string): string[] {
  const argv = [...process.execArgv];
  // From sources (tests, `pnpm apemen`), workers need the TypeScript loader; vitest does not pass
  // its own loader on to children.
  const loadsTsx = argv.some(
    (a, i) =>
      /^--(import|loader|require)=tsx(\/|$)/.test(a) ||
      (/^tsx(\/|$)/.test(a) && ['--import', '--loader', '--require'].includes(argv[i - 1] ?? '')),
  );
  if (entry.endsWith('.ts') && !loadsTsx) {
    argv.push('--import', 'tsx/esm');
    if (!argv.some((a) => a.includes('@apemen/source'))) argv.push('--conditions=@apemen/source');
  }
  return argv;
}

/**
 * A fixed set of worker processes that each run one module and answer calls.
 *
 * @remarks
 * Workers are forked with Node's advanced serialisation, so typed arrays cross the process
 * boundary without conversion to JSON. Their stdout and stderr are forwarded line by line with a
 * `[worker i]` prefix. When any worker exits or throws, every pending call is rejected with a
 * {@link WorkerFailure} naming the worker, and the others are stopped: a run never hangs on a dead
 * worker.
 */
export class WorkerPool {
  private readonly children: ChildProcess[] = [];
  private readonly pending: Map<number, Pending>[] = [];
  private nextId = 0;
  private failure: WorkerFailure | undefined;
  private closing = false;

  private constructor(private readonly options: WorkerPoolOptions) {}

  /**
   * Starts the workers and waits until each has loaded its module.
   * @param options - pool options
   * @returns the running pool
   * @throws WorkerFailure if a worker fails to start
   */
  static async start(options: WorkerPoolOptions): Promise<WorkerPool> {
    const pool = new WorkerPool(options);
    await Promise.all(Array.from({ length: options.workers }, (_, i) => pool.spawn(i)));
    return pool;
  }

  /** Number of workers. */
  get size(): number {
    return this.children.length;
  }

  private spawn(index: number): Promise<void> {
    const log = this.options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
    const entry = workerEntry();
    const child = fork(entry, [], {
      execArgv: this.options.execArgv ?? defaultExecArgv(entry),
      env: { ...process.env, ...(this.options.env?.(index) ?? {}) },
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.children[index] = child;
    this.pending[index] = new Map();
    for (const stream of [child.stdout, child.stderr]) {
      let buffer = '';
      stream?.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        let newline = buffer.indexOf('\n');
        while (newline >= 0) {
          log(`[worker ${index}] ${buffer.slice(0, newline)}`);
          buffer = buffer.slice(newline + 1);
          newline = buffer.indexOf('\n');
        }
      });
      stream?.on('end', () => {
        if (buffer) log(`[worker ${index}] ${buffer}`);
      });
    }
    return new Promise<void>((resolve, reject) => {
      child.on('message', (message: FromWorker) => {
        if (message.type === 'ready') resolve();
        else if (message.type === 'result') {
          const p = this.pending[index]?.get(message.id);
          this.pending[index]?.delete(message.id);
          p?.resolve(message.result);
        } else {
          const failure = new WorkerFailure(`worker ${index} failed: ${message.message}`);
          if (message.id === null) reject(failure);
          this.fail(failure);
        }
      });
      child.on('exit', (code, signal) => {
        if (this.closing) return;
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        const failure = new WorkerFailure(`worker ${index} ${how}; stopping the run`);
        reject(failure);
        this.fail(failure);
      });
      child.send({
        type: 'init',
        module: String(this.options.module),
        init: this.options.init(index),
      } satisfies ToWorker);
    });
  }

  private fail(failure: WorkerFailure): void {
    if (this.failure) return;
    this.failure = failure;
    for (const map of this.pending) {
      for (const p of map.values()) p.reject(failure);
      map.clear();
    }
    void this.close();
  }

  /**
   * Sends one payload to one worker and waits for its result.
   * @param index - worker index
   * @param payload - what the worker's function receives
   * @returns what it returned
   * @throws WorkerFailure if any worker has died or this one throws
   */
  call<R>(index: number, payload: unknown): Promise<R> {
    if (this.failure) return Promise.reject(this.failure);
    const child = this.children[index];
    const map = this.pending[index];
    if (!child || !map) return Promise.reject(new RangeError(`no worker ${index}`));
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      map.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ type: 'call', id, payload } satisfies ToWorker);
    });
  }

  /**
   * Sends one payload to every worker and waits for all results.
   * @param payloads - one payload per worker
   * @returns the results in worker order
   */
  map<R>(payloads: readonly unknown[]): Promise<R[]> {
    return Promise.all(payloads.map((p, i) => this.call<R>(i, p)));
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(
      this.children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            if (child.connected) child.send({ type: 'exit' } satisfies ToWorker);
            setTimeout(() => child.kill('SIGKILL'), 5000).unref();
          }),
      ),
    );
  }
}
