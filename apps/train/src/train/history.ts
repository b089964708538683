import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { lineChartSpec, writePlot } from '@apemen/plot';
import type { HistoryEntry } from './state.js';

/** The columns of history.csv, in order. */
export const HISTORY_COLUMNS: readonly (keyof HistoryEntry)[] = [
  'epoch',
  'loss',
  'active_loss',
  'val_loss',
  'bits',
  'entropy',
  'events',
  'steps',
  'seconds',
  'events_per_second',
];

async function writeAtomic(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}

/**
 * The history as CSV text: a header line and one line per epoch (empty field for null).
 * @param history - the epochs
 * @returns the CSV text
 * @example
 * ```ts
 * historyCsv([]); // 'epoch,loss,active_loss,val_loss,bits,entropy,events,steps,seconds,events_per_second\n'
 * ```
 */
export function historyCsv(history: readonly HistoryEntry[]): string {
  const lines = [HISTORY_COLUMNS.join(',')];
  for (const entry of history) {
    lines.push(HISTORY_COLUMNS.map((c) => (entry[c] === null ? '' : String(entry[c]))).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Writes history.json and history.csv into the run folder, each atomically.
 * @param out - the run folder
 * @param history - the epochs
 */
export async function writeHistory(out: string, history: readonly HistoryEntry[]): Promise<void> {
  await writeAtomic(join(out, 'history.json'), `${JSON.stringify(history, null, 2)}\n`);
  await writeAtomic(join(out, 'history.csv'), historyCsv(history));
}

/**
 * Draws loss.png (training and validation loss per epoch, log scale) and activation-bits.png.
 * @param out - the run folder
 * @param history - the epochs
 * @returns the paths written
 */
export async function writeHistoryPlots(
  out: string,
  history: readonly HistoryEntry[],
): Promise<string[]> {
  if (history.length === 0) return [];
  const epochs = history.map((h) => h.epoch);
  const withValidation = history.filter((h) => h.val_loss !== null);
  const lossSeries = [{ name: 'training loss', x: epochs, y: history.map((h) => h.loss) }];
  if (withValidation.length > 0) {
    lossSeries.push({
      name: 'validation loss',
      x: withValidation.map((h) => h.epoch),
      y: withValidation.map((h) => h.val_loss as number),
    });
  }
  const lossPath = join(out, 'loss.png');
  await writePlot(
    lossPath,
    lineChartSpec({ series: lossSeries, xTitle: 'epoch', yTitle: 'loss', logY: true }),
  );
  const bitsPath = join(out, 'activation-bits.png');
  await writePlot(
    bitsPath,
    lineChartSpec({
      series: [{ name: 'activation bits', x: epochs, y: history.map((h) => h.bits) }],
      xTitle: 'epoch',
      yTitle: 'activation bits (Σ over levels)',
    }),
  );
  return [lossPath, bitsPath];
}
