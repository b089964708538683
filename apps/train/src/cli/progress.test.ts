import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Progress } from './progress.js';

function sink() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('Progress', () => {
  it('prints a plain final line with count, total and rate when not on a terminal', () => {
    const s = sink();
    const p = new Progress(10, { stream: s.stream, label: 'generate', lineInterval: 3600 });
    p.increment(4);
    p.increment(6);
    p.stop();
    expect(s.text()).toMatch(/^generate: 10\/10 events, \d+ events\/s, \d+\.\d s\n$/);
  });

  it('prints nothing when disabled', () => {
    const s = sink();
    const p = new Progress(5, { stream: s.stream, enabled: false });
    p.increment(5);
    p.stop();
    expect(s.text()).toBe('');
  });
});
