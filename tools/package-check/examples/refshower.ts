// The public types of @apemen/refshower as a consumer sees them (strict, NodeNext).
import type { GenEvent } from '@apemen/eventio';
import {
  type AlphaS,
  type AlphaSOptions,
  type ColourTags,
  colourFlowProblems,
  createAlphaS,
  createRandom,
  type DijetOptions,
  dijet,
  type EeOptions,
  type Emission,
  eeToQuarks,
  type FileShowerOptions,
  type GenerateOptions,
  generateEvent,
  type HardProcess,
  type Momentum,
  momentumImbalance,
  type Parton,
  type ProcessName,
  type RandomSource,
  RefShowerError,
  type RefShowerErrorCode,
  type ShoweredEvent,
  type ShowerOptions,
  type ShowerResult,
  type Splitting,
  showerGenEvent,
  showerPartons,
} from '@apemen/refshower';

const alphaOptions: AlphaSOptions = { alphaSMZ: 0.118 };
const alphaS: AlphaS = createAlphaS(alphaOptions);
const random: RandomSource = createRandom(1);
const ee: EeOptions = { sqrtS: 91.2 };
const hard: HardProcess = eeToQuarks(random, ee);
const lhc: DijetOptions = { ptMin: 100 };
const pp: HardProcess = dijet(random, lhc);
const showerOptions: ShowerOptions = { cutoff: 1, alphaS };
const result: ShowerResult = showerPartons(hard.partons, hard.startScale, random, showerOptions);
const partons: Parton[] = result.partons;
const emissions: Emission[] = result.emissions;
const kinds: Splitting[] = emissions.map((e) => e.splitting);
const tags: ColourTags[] = partons;
const problems: string[] = colourFlowProblems(tags);
const momenta: Momentum[] = partons;
const imbalance: number = momentumImbalance(hard.partons, momenta);
const process: ProcessName = 'dijet';
const options: GenerateOptions = { process, seed: 7, stopAtKt: 10 };
const generated: ShoweredEvent = generateEvent(0, options);
const event: GenEvent = generated.event;
const fileOptions: FileShowerOptions = { seed: 7 };
const again: ShoweredEvent = showerGenEvent(event, 0, fileOptions);
const code: RefShowerErrorCode = new RefShowerError('invalid-option', 'example').code;
export const used = [pp, kinds, problems, imbalance, again.preShower, code];
