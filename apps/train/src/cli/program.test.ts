import { describe, expect, it } from 'vitest';
import { runProgram } from './program.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

describe('apemen program', () => {
  it('prints help listing its commands and exits 0', async () => {
    const c = capture();
    expect(await runProgram(['--help'], c.io)).toBe(0);
    expect(c.out()).toContain('Usage: apemen');
    expect(c.out()).toContain('demo');
  });

  it('prints the package version', async () => {
    const c = capture();
    expect(await runProgram(['--version'], c.io)).toBe(0);
    expect(c.out().trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('rejects an unknown option with exit code 2 and a message on stderr', async () => {
    const c = capture();
    expect(await runProgram(['--no-such-option'], c.io)).toBe(2);
    expect(c.err()).toBe("apemen: unknown option '--no-such-option' (see apemen --help)\n");
    expect(c.out()).toBe('');
  });

  it('rejects an unknown command with exit code 2', async () => {
    const c = capture();
    expect(await runProgram(['no-such-command'], c.io)).toBe(2);
    expect(c.err()).toContain('no-such-command');
  });
});
