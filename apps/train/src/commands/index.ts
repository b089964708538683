import type { Command } from 'commander';
import type { ProgramIO } from '../cli/program.js';
import { registerDemo } from './demo.js';

/** Adds one command (a module in this folder) to the program. */
export type RegisterCommand = (program: Command, io: ProgramIO) => void;

/** Every command of the program, in the order `--help` lists them. */
export const commands: readonly RegisterCommand[] = [registerDemo];
