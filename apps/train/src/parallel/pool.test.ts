import { describe, expect, it } from 'vitest';
import { WorkerFailure, WorkerPool } from './pool.js';

const MODULE = new URL('../../test/fixtures/least-squares-worker.ts', import.meta.url);

interface Grad {
  ga: number;
  gb: number;
  n: number;
  env: string | null;
}

function data(n: number) {
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = i / n;
    y[i] = 3 * (x[i] as number) - 1 + ((i * 7919) % 13) / 100;
  }
  return { x, y };
}

describe('WorkerPool', () => {
  it('two workers give the same mean gradient as one on the same global batch', async () => {
    const lines: string[] = [];
    const { x, y } = data(64);
    const params = { a: 0.5, b: 0.25 };
    const one = await WorkerPool.start({
      workers: 1,
      module: MODULE,
      init: () => ({ label: 'one' }),
      log: (l) => lines.push(l),
    });
    const two = await WorkerPool.start({
      workers: 2,
      module: MODULE,
      init: (i) => ({ label: `two-${i}` }),
      env: (i) => ({ CUDA_VISIBLE_DEVICES: String(i) }),
      log: (l) => lines.push(l),
    });
    try {
      const [full] = await one.map<Grad>([{ x, y, ...params }]);
      const halves = await two.map<Grad>([
        { x: x.subarray(0, 32), y: y.subarray(0, 32), ...params },
        { x: x.subarray(32), y: y.subarray(32), ...params },
      ]);
      const ga = (halves[0]!.ga + halves[1]!.ga) / 64;
      const gb = (halves[0]!.gb + halves[1]!.gb) / 64;
      // Same sums in a different order: equal to float64 rounding.
      expect(ga).toBeCloseTo(full!.ga / 64, 12);
      expect(gb).toBeCloseTo(full!.gb / 64, 12);
      expect(halves.map((h) => h.env)).toEqual(['0', '1']);
      expect(lines).toContain('[worker 0] started one');
      expect(lines).toContain('[worker 1] started two-1');
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('a worker that dies stops the run with a clear message instead of hanging', async () => {
    const pool = await WorkerPool.start({
      workers: 2,
      module: MODULE,
      init: (i) => ({ label: `w${i}` }),
      log: () => {},
    });
    const { x, y } = data(8);
    const calls = pool.map([{ x, y, a: 1, b: 0 }, { exitWith: 3 }]);
    await expect(calls).rejects.toThrow(WorkerFailure);
    await expect(calls).rejects.toThrow('worker 1 exited with code 3; stopping the run');
    await expect(pool.call(0, { x, y, a: 1, b: 0 })).rejects.toThrow('worker 1 exited');
    await pool.close();
  });

  it('an exception in a worker is reported with its message', async () => {
    const pool = await WorkerPool.start({
      workers: 1,
      module: MODULE,
      init: () => ({ label: 'w' }),
      log: () => {},
    });
    await expect(pool.call(0, { throwMessage: 'loss is NaN' })).rejects.toThrow(
      'worker 0 failed: loss is NaN',
    );
    await pool.close();
  });
});
