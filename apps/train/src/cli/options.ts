import { InvalidArgumentError } from 'commander';

/**
 * Parsers for option values shared by the commands. Each throws commander's
 * `InvalidArgumentError`, which the program reports as bad usage (exit 2).
 */

/**
 * Parses a whole number.
 * @param value - the option's text
 * @returns the integer
 * @throws InvalidArgumentError if the text is not an integer, or one beyond ±(2⁵³ − 1)
 */
export function parseInteger(value: string): number {
  const n = Number.parseInt(value, 10);
  // A long run of digits parses to a rounded value or to Infinity, which would run a loop forever.
  if (!/^[+-]?\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) {
    throw new InvalidArgumentError(`expected a whole number, got '${value}'`);
  }
  return n;
}

/**
 * Parses a whole number ≥ 1.
 * @param value - the option's text
 * @returns the positive integer
 * @throws InvalidArgumentError if the text is not a positive integer
 */
export function parsePositiveInteger(value: string): number {
  const n = parseInteger(value);
  if (n < 1) throw new InvalidArgumentError(`expected a whole number ≥ 1, got '${value}'`);
  return n;
}

/**
 * Parses a finite real number.
 * @param value - the option's text
 * @returns the number
 * @throws InvalidArgumentError if the text is not a finite number
 */
export function parseNumber(value: string): number {
  const trimmed = value.trim();
  const n = Number(trimmed);
  if (trimmed === '' || !Number.isFinite(n)) {
    throw new InvalidArgumentError(`expected a number, got '${value}'`);
  }
  return n;
}

/**
 * Parses a positive real number.
 * @param value - the option's text
 * @returns the number, > 0
 * @throws InvalidArgumentError if the text is not a positive number
 */
export function parsePositiveNumber(value: string): number {
  const n = parseNumber(value);
  if (!(n > 0)) throw new InvalidArgumentError(`expected a number > 0, got '${value}'`);
  return n;
}

/**
 * Parses a comma-separated list of numbers such as `100,10,1`.
 * @param value - the option's text
 * @returns the numbers
 * @throws InvalidArgumentError if any element is not a number
 */
export function parseNumberList(value: string): number[] {
  return value.split(',').map((part) => parseNumber(part));
}

/**
 * Parses a comma-separated list of whole numbers ≥ 0 such as device ids `0,1,3`.
 * @param value - the option's text
 * @returns the integers
 * @throws InvalidArgumentError if any element is not a whole number ≥ 0
 */
export function parseIndexList(value: string): number[] {
  return value.split(',').map((part) => {
    const n = parseInteger(part);
    if (n < 0) throw new InvalidArgumentError(`expected whole numbers ≥ 0, got '${value}'`);
    return n;
  });
}

/** A shard of a job: this process handles events whose index ≡ index (mod count). */
export interface Shard {
  /** This shard's index, 0 ≤ index < count. */
  index: number;
  /** The number of shards. */
  count: number;
}

/**
 * Parses a shard specification `i/N` with 0 ≤ i < N.
 * @param value - the option's text
 * @returns the shard
 * @throws InvalidArgumentError if the text is not `i/N` with 0 ≤ i < N
 */
export function parseShard(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError(`expected i/N (such as 0/4), got '${value}'`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || index >= count) {
    throw new InvalidArgumentError(`expected 0 ≤ i < N in i/N, got '${value}'`);
  }
  return { index, count };
}

/**
 * Makes a parser that accepts one of a fixed set of words.
 * @param choices - the accepted words
 * @returns a parser returning the word
 */
export function oneOf<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value: string): T => {
    if ((choices as readonly string[]).includes(value)) return value as T;
    throw new InvalidArgumentError(`expected one of ${choices.join(', ')}, got '${value}'`);
  };
}
