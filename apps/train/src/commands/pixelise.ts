import { basename, extname } from 'node:path';
import { type EventFormat, readEvents } from '@apemen/eventio';
import {
  checkPowerOfKernel,
  createImageStackWriter,
  type ImageGrid,
  type ParticleSelection,
  pixeliseInto,
  resolveGrid,
  selectParticles,
  writeEventImage,
} from '@apemen/jetimage';
import type { Command } from 'commander';
import { CliError } from '../cli/errors.js';
import { requireInputFile, requireOutputFolder } from '../cli/files.js';
import { oneOf, parseInteger, parsePositiveInteger } from '../cli/options.js';
import type { ProgramIO } from '../cli/program.js';

const FORMATS: readonly EventFormat[] = ['hepmc2', 'hepmc3', 'lhe', 'apemen-text', 'momenta'];
const SELECTIONS: readonly ParticleSelection[] = ['final', 'visible'];
/** Images pixelised before each write to the output file, at most. */
const CHUNK = 256;
/** Pixels held for one write: 64 MiB of float32, so that large grids still fit. */
const CHUNK_PIXELS = 16 * 1024 * 1024;

/** Options of {@link pixeliseFile}, as the command line gives them. */
export interface PixeliseFileOptions {
  /** The image grid. */
  grid: ImageGrid;
  /** Which particles go into the images. */
  select: ParticleSelection;
  /** The input format; sniffed when absent. */
  format?: EventFormat;
  /** A picture to write (`.png` or `.svg`). */
  picture?: string;
  /** Index (0-based, in file order) of the event to draw; the mean of all when absent. */
  pictureEvent?: number;
}

/** What {@link pixeliseFile} did. */
export interface PixeliseSummary {
  /** Events pixelised. */
  events: number;
  /** Particles that fell outside the grid. */
  outside: number;
  /** Their summed pT, GeV. */
  outsidePt: number;
}

/**
 * Pixelises every event of a file into a .npy stack float32 [n, N, N], in constant memory, and
 * optionally draws one event or the mean image.
 *
 * @param input - an event file in any format eventio reads
 * @param output - the .npy file (written to a temporary name, renamed when complete)
 * @param options - grid, selection, format, picture
 * @returns the number of events and the particles left outside the grid
 * @throws CliError (exit 2) if the picture's event index is beyond the file or the grid does not
 *   fit in memory; eventio's errors for malformed input
 */
export async function pixeliseFile(
  input: string,
  output: string,
  options: PixeliseFileOptions,
): Promise<PixeliseSummary> {
  const { grid } = options;
  const size = grid.pixels * grid.pixels;
  const perChunk = Math.max(1, Math.min(CHUNK, Math.floor(CHUNK_PIXELS / size)));
  let chunk: Float32Array;
  let scratch: Float64Array;
  let sum: Float64Array;
  // Allocated before the output's temporary file is opened, so that a grid too large for memory
  // leaves nothing behind.
  try {
    chunk = new Float32Array(perChunk * size);
    scratch = new Float64Array(size);
    sum = new Float64Array(options.picture === undefined ? 0 : size);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new CliError(
      `--pixels ${grid.pixels}: an image of ${grid.pixels}×${grid.pixels} pixels does not fit in memory`,
    );
  }
  const writer = await createImageStackWriter(output, grid.pixels);
  let picked: Float32Array | undefined;
  let inChunk = 0;
  let events = 0;
  let outside = 0;
  let outsidePt = 0;
  try {
    const readOptions = options.format !== undefined ? { format: options.format } : {};
    for await (const event of readEvents(input, readOptions)) {
      const offset = inChunk * size;
      const stats = pixeliseInto(
        chunk,
        offset,
        selectParticles(event, options.select),
        grid,
        scratch,
      );
      outside += stats.outside;
      outsidePt += stats.outsidePt;
      if (options.picture !== undefined) {
        if (options.pictureEvent === undefined) {
          for (let k = 0; k < size; k++)
            sum[k] = (sum[k] as number) + (chunk[offset + k] as number);
        } else if (options.pictureEvent === events) {
          picked = chunk.slice(offset, offset + size);
        }
      }
      events += 1;
      inChunk += 1;
      if (inChunk === perChunk) {
        await writer.append(chunk);
        inChunk = 0;
      }
    }
    if (inChunk > 0) await writer.append(chunk.subarray(0, inChunk * size));
    if (options.picture !== undefined) {
      if (options.pictureEvent !== undefined && picked === undefined) {
        throw new CliError(
          `--picture-event ${options.pictureEvent}: ${input} has only ${events} events (indices 0 to ${events - 1})`,
        );
      }
      const image = picked ?? Float32Array.from(sum, (v) => (events > 0 ? v / events : 0));
      const title =
        picked !== undefined
          ? `${basename(input)}: event ${options.pictureEvent}`
          : `${basename(input)}: mean of ${events} events`;
      await writeEventImage(options.picture, image, grid, { title });
    }
    await writer.close();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  return { events, outside, outsidePt };
}

interface PixeliseFlags {
  pixels: number;
  kernel: number;
  rapidity?: boolean;
  pseudorapidity?: boolean;
  normalise: boolean;
  select: ParticleSelection;
  format?: EventFormat;
  picture?: string;
  pictureEvent?: number;
}

/**
 * `apemen pixelise <in> <out.npy>`: event file → stack of event images.
 *
 * @param program - the program to add the command to
 * @param io - where messages go
 */
export function registerPixelise(program: Command, io: ProgramIO): void {
  program
    .command('pixelise')
    .description(
      'pixelise every event of a file into pT-weighted images in rapidity and azimuth, written as a float32 .npy stack [n, N, N]',
    )
    .argument('<in>', 'event file (HepMC2, HepMC3, LHE, APEMEN text, px py pz E lists; .gz too)')
    .argument('<out>', 'output .npy file')
    .option('--pixels <N>', 'pixels along each side', parsePositiveInteger, 64)
    .option('--kernel <k>', 'kernel size of the network: N must be a power of k', parseInteger, 2)
    .option('--rapidity', 'bin in rapidity y (default)')
    .option('--pseudorapidity', 'bin in pseudorapidity η instead of rapidity')
    .option(
      '--no-normalise',
      'keep pixels in GeV instead of scaling each image to a pixel sum of N²',
    )
    .option(
      '--select <which>',
      'particles: final (status 1) or visible (no neutrinos)',
      oneOf(SELECTIONS),
      'final',
    )
    .option(
      '--format <format>',
      `input format (${FORMATS.join(', ')}); sniffed if absent`,
      oneOf(FORMATS),
    )
    .option('--picture <file>', 'also draw the mean image (or --picture-event) as .png or .svg')
    .option(
      '--picture-event <index>',
      'draw this event (0-based, file order) instead of the mean',
      parseInteger,
    )
    .addHelpText(
      'after',
      '\nPixel (i, j) of an image holds the summed pT of the particles in rapidity bin i of [−π, π)\nand azimuth bin j of [0, 2π) (APEMEN.md); particles outside are counted and reported.',
    )
    .action(async (input: string, output: string, flags: PixeliseFlags) => {
      if (flags.rapidity && flags.pseudorapidity) {
        throw new CliError('choose one of --rapidity and --pseudorapidity, not both');
      }
      if (extname(output).toLowerCase() !== '.npy') {
        throw new CliError(`output '${output}' must be a .npy file`);
      }
      if (flags.pictureEvent !== undefined && flags.picture === undefined) {
        throw new CliError('--picture-event needs --picture <file>');
      }
      if (flags.pictureEvent !== undefined && flags.pictureEvent < 0) {
        throw new CliError(`--picture-event must be ≥ 0, got ${flags.pictureEvent}`);
      }
      checkPowerOfKernel(flags.pixels, flags.kernel);
      await requireInputFile(input);
      await requireOutputFolder(output);
      const grid = resolveGrid({
        pixels: flags.pixels,
        axis: flags.pseudorapidity ? 'pseudorapidity' : 'rapidity',
        normalisation: flags.normalise ? 'sum-N2' : 'none',
      });
      const options: PixeliseFileOptions = { grid, select: flags.select };
      if (flags.format !== undefined) options.format = flags.format;
      if (flags.picture !== undefined) options.picture = flags.picture;
      if (flags.pictureEvent !== undefined) options.pictureEvent = flags.pictureEvent;
      const summary = await pixeliseFile(input, output, options);
      const axis = grid.axis === 'rapidity' ? 'rapidity' : 'pseudorapidity';
      const scale = grid.normalisation === 'sum-N2' ? 'pixel sum N²' : 'GeV';
      io.stderr(
        `apemen pixelise: ${summary.events} events → ${output} (float32 [${summary.events}, ${grid.pixels}, ${grid.pixels}], ${axis}, ${scale}); ${summary.outside} particles outside the grid (${summary.outsidePt.toFixed(3)} GeV)${flags.picture ? `; picture ${flags.picture}` : ''}\n`,
      );
    });
}
