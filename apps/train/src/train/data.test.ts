import { describe, expect, it } from 'vitest';
import { prefetchOne } from './data.js';

/** A sequence that logs when each item is made and when it is closed. */
function logged(n: number, log: string[], failAt = -1): AsyncIterable<number> {
  return {
    async *[Symbol.asyncIterator]() {
      try {
        for (let i = 0; i < n; i++) {
          if (i === failAt) throw new Error(`item ${i} is bad`);
          log.push(`make ${i}`);
          yield i;
        }
      } finally {
        log.push('closed');
      }
    },
  };
}

describe('prefetchOne', () => {
  it('hands out the same items in order and makes the next one while the consumer waits', async () => {
    const log: string[] = [];
    const seen: number[] = [];
    for await (const item of prefetchOne(logged(4, log))) {
      seen.push(item);
      log.push(`start work ${item}`);
      // The consumer's own asynchronous work (a worker computing): the next item is made meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.push(`end work ${item}`);
    }
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(log.slice(0, 5)).toEqual([
      'make 0',
      'start work 0',
      'make 1',
      'end work 0',
      'start work 1',
    ]);
    // The source ran to its end during the last read-ahead.
    expect(log.slice(-3)).toEqual(['start work 3', 'closed', 'end work 3']);
  });

  it('closes the source when the consumer stops early, after at most one item read ahead', async () => {
    const log: string[] = [];
    for await (const item of prefetchOne(logged(10, log))) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (item === 1) break;
    }
    expect(log).toEqual(['make 0', 'make 1', 'make 2', 'closed']);
  });

  it('reports a failure of the source at the item that failed', async () => {
    const seen: number[] = [];
    const run = async () => {
      for await (const item of prefetchOne(logged(5, [], 2))) {
        seen.push(item);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    };
    await expect(run()).rejects.toThrow('item 2 is bad');
    expect(seen).toEqual([0, 1]);
  });
});
