import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { oneOf, parseIndexList, parseInteger, parseNumberList, parseShard } from './options.js';

describe('option parsers', () => {
  it('parses integers and rejects fractions and words', () => {
    expect(parseInteger('42')).toBe(42);
    expect(parseInteger('-3')).toBe(-3);
    expect(() => parseInteger('4.5')).toThrow(InvalidArgumentError);
    expect(() => parseInteger('ten')).toThrow("expected a whole number, got 'ten'");
  });

  it('parses number and index lists', () => {
    expect(parseNumberList('100,10,1')).toEqual([100, 10, 1]);
    expect(parseIndexList('0,1,3')).toEqual([0, 1, 3]);
    expect(() => parseIndexList('0,-1')).toThrow(InvalidArgumentError);
  });

  it('parses shards i/N with 0 ≤ i < N', () => {
    expect(parseShard('2/5')).toEqual({ index: 2, count: 5 });
    expect(() => parseShard('5/5')).toThrow('0 ≤ i < N');
    expect(() => parseShard('1-5')).toThrow('expected i/N');
  });

  it('accepts only listed words', () => {
    const backend = oneOf(['auto', 'wasm', 'cpu'] as const);
    expect(backend('wasm')).toBe('wasm');
    expect(() => backend('gpu')).toThrow('expected one of auto, wasm, cpu');
  });
});
