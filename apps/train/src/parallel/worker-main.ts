import { pathToFileURL } from 'node:url';
import type { FromWorker, ToWorker } from './pool.js';

// The entry point of a worker process forked by WorkerPool.
type WorkerFunction = (payload: unknown) => unknown;

let run: WorkerFunction | undefined;

function send(message: FromWorker): void {
  process.send?.(message);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

process.on('message', async (message: ToWorker) => {
  if (message.type === 'exit') {
    process.disconnect?.();
    process.exit(0);
  }
  if (message.type === 'init') {
    try {
      const url = message.module.startsWith('file:')
        ? message.module
        : pathToFileURL(message.module).href;
      const mod = (await import(url)) as {
        createWorker?: (init: unknown) => WorkerFunction | Promise<WorkerFunction>;
      };
      if (typeof mod.createWorker !== 'function') {
        throw new Error(`${message.module} does not export createWorker`);
      }
      run = await mod.createWorker(message.init);
      send({ type: 'ready' });
    } catch (error) {
      send({ type: 'error', id: null, message: messageOf(error) });
    }
    return;
  }
  if (message.type === 'call') {
    try {
      if (!run) throw new Error('worker called before it was initialised');
      const result = await run(message.payload);
      send({ type: 'result', id: message.id, result });
    } catch (error) {
      send({ type: 'error', id: message.id, message: messageOf(error) });
    }
  }
});

// A coordinator that dies takes its workers with it.
process.on('disconnect', () => process.exit(0));
