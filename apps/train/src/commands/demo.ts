import type { Command } from 'commander';
import type { ProgramIO } from '../cli/program.js';

/**
 * `apemen demo`: the end-to-end demonstration.
 *
 * @remarks
 * The full pipeline (reference shower → pixelise → train → generate with merging → report) comes
 * with the training app. Until then the demo says so and prints what the program can do.
 */
export function registerDemo(program: Command, io: ProgramIO): void {
  program
    .command('demo')
    .description('run the end-to-end demonstration on the embedded default configuration')
    .action(() => {
      io.stderr(
        'apemen demo: the end-to-end pipeline (reference shower, training, merged generation, report) is not part of this version yet; these are the commands available now:\n\n',
      );
      io.stdout(program.helpInformation());
    });
}
