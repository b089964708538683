import { type ModelSettings, ShardComputer, type WorkerRequest } from './gradients.js';

/**
 * The module every training worker process loads (through WorkerPool): it computes the loss and
 * gradients of the shards the coordinator sends, with the parameters sent along.
 *
 * @param init - sizes and training settings of the run
 * @returns the function answering each request (gradients, validation losses, or the worker's
 *   CPU seconds so far)
 */
export function createWorker(init: ModelSettings): (request: WorkerRequest) => unknown {
  const computer = new ShardComputer(init);
  return (request) => {
    if (request.kind === 'gradients') {
      return computer.gradients(request.parameters, request.shard, request.firstEvent);
    }
    if (request.kind === 'validation') {
      return computer.validation(request.parameters, request.shard, request.firstEvent);
    }
    // CPU seconds of this worker so far (user + system), for benchmarks under shared load
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1e6;
  };
}
