import { describe, expect, it } from 'vitest';
import { CliError, describeError } from './errors.js';

describe('describeError', () => {
  it('maps a missing file to exit 2 naming the path', () => {
    const e = Object.assign(new Error("ENOENT: no such file or directory, open 'x.hepmc'"), {
      code: 'ENOENT',
      path: 'x.hepmc',
    });
    expect(describeError(e)).toEqual({
      message: 'x.hepmc: no such file or directory',
      exitCode: 2,
    });
  });

  it('treats package errors carrying a string code as bad input', () => {
    const e = Object.assign(new Error('a.lhe:12: expected 13 fields, got 12'), { code: 'PARSE' });
    expect(describeError(e)).toEqual({
      message: 'a.lhe:12: expected 13 fields, got 12',
      exitCode: 2,
    });
  });

  it('keeps an explicit exit code', () => {
    expect(describeError(new CliError('loss became NaN', 1))).toEqual({
      message: 'loss became NaN',
      exitCode: 1,
    });
  });

  it('treats anything else as a runtime failure', () => {
    expect(describeError(new TypeError('boom'))).toEqual({ message: 'boom', exitCode: 1 });
    expect(describeError('plain')).toEqual({ message: 'plain', exitCode: 1 });
  });
});
