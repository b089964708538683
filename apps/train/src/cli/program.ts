import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { commands } from '../commands/index.js';
import { CliError, describeError, EXIT_OK, EXIT_USAGE } from './errors.js';

/** Where the program writes; tests pass their own to capture output. */
export interface ProgramIO {
  /** Normal output (results, help). */
  stdout: (text: string) => void;
  /** Messages, warnings, progress. */
  stderr: (text: string) => void;
}

const defaultIO: ProgramIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

function packageVersion(): string {
  const url = new URL('../../package.json', import.meta.url);
  const json = JSON.parse(readFileSync(url, 'utf8')) as { version: string };
  return json.version;
}

/**
 * Builds the `apemen` command-line program with every command registered.
 * @param io - where output goes
 * @returns the commander program, configured not to exit the process itself
 */
export function buildProgram(io: ProgramIO = defaultIO): Command {
  const program = new Command('apemen')
    .description(
      'APEMEN-TS: a neural parton shower (arXiv:1807.03685) in TensorFlow.js, with the event-file, jet-image and jet tools around it',
    )
    .version(packageVersion(), '-V, --version', 'print the version and exit')
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      // Usage errors in the program's one-line form, like every other error it reports.
      outputError: (text, write) =>
        write(`apemen: ${text.replace(/^error: /, '').trimEnd()} (see apemen --help)\n`),
    });
  for (const register of commands) register(program, io);
  const applyExitOverride = (command: Command): void => {
    command.exitOverride();
    for (const sub of command.commands) applyExitOverride(sub);
  };
  applyExitOverride(program);
  return program;
}

/**
 * Runs the program on an argument list and returns the exit code instead of exiting.
 *
 * @param argv - the arguments after the program name
 * @param io - where output goes
 * @returns the exit code: 0 ok, 1 runtime failure, 2 bad usage or bad input
 * @remarks
 * Errors are reported as one line `apemen: <message>` on stderr, never with a stack trace
 * (set `APEMEN_DEBUG=1` to see it).
 */
export async function runProgram(
  argv: readonly string[],
  io: ProgramIO = defaultIO,
): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end with a commander "error" whose exit code is 0; usage errors were
      // already printed by commander.
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    const { message, exitCode } = describeError(error);
    io.stderr(`apemen: ${message}\n`);
    if (process.env.APEMEN_DEBUG && error instanceof Error && error.stack) {
      io.stderr(`${error.stack}\n`);
    }
    return exitCode;
  }
}

export { CliError };
