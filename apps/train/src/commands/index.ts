import type { Command } from 'commander';
import type { ProgramIO } from '../cli/program.js';
import { registerConvert } from './convert.js';
import { registerDemo } from './demo.js';
import { registerEvaluate } from './evaluate.js';
import { registerGenerate } from './generate.js';
import { registerInfo } from './info.js';
import { registerJets } from './jets.js';
import { registerKernels } from './kernels.js';
import { registerPixelise } from './pixelise.js';
import { registerRefShower } from './refshower.js';
import { registerReport } from './report.js';
import { registerTrain } from './train.js';
import { registerVisualise } from './visualise.js';

/** Adds one command (a module in this folder) to the program. */
export type RegisterCommand = (program: Command, io: ProgramIO) => void;

/** Every command of the program, in the order `--help` lists them. */
export const commands: readonly RegisterCommand[] = [
  registerDemo,
  registerTrain,
  registerKernels,
  registerEvaluate,
  registerVisualise,
  registerRefShower,
  registerGenerate,
  registerReport,
  registerPixelise,
  registerJets,
  registerConvert,
  registerInfo,
];
