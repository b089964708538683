import cliProgress from 'cli-progress';

/** Options of a {@link Progress} display. */
export interface ProgressOptions {
  /** What is being counted, e.g. 'events'. @defaultValue 'events' */
  unit?: string;
  /** A label shown before the bar, e.g. 'epoch 3/10'. @defaultValue '' */
  label?: string;
  /** Where lines go when stderr is not a terminal. @defaultValue process.stderr */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Seconds between plain progress lines when not on a terminal. @defaultValue 10 */
  lineInterval?: number;
  /** Whether to show anything at all. @defaultValue true */
  enabled?: boolean;
}

/**
 * A progress display with a rate (units/s) and an ETA.
 *
 * @remarks
 * On a terminal it draws a cli-progress bar on stderr; elsewhere (batch systems, CI logs) it prints
 * one plain line every `lineInterval` seconds and one at the end, so logs stay readable.
 */
export class Progress {
  private readonly bar: cliProgress.SingleBar | undefined;
  private readonly stream: NodeJS.WritableStream;
  private readonly unit: string;
  private readonly label: string;
  private readonly lineInterval: number;
  private readonly enabled: boolean;
  private readonly start = performance.now();
  private lastLine = performance.now();
  private value = 0;

  /**
   * @param total - the count at completion (0 when unknown)
   * @param options - display options
   */
  constructor(
    private total: number,
    options: ProgressOptions = {},
  ) {
    this.unit = options.unit ?? 'events';
    this.label = options.label ?? '';
    this.lineInterval = (options.lineInterval ?? 10) * 1000;
    this.enabled = options.enabled ?? true;
    const stream = options.stream ?? process.stderr;
    this.stream = stream;
    if (this.enabled && stream.isTTY) {
      this.bar = new cliProgress.SingleBar(
        {
          stream,
          format: `${this.label ? `${this.label} ` : ''}[{bar}] {value}/{total} ${this.unit} | {rate} ${this.unit}/s | ETA {eta_formatted}`,
          hideCursor: true,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(total, 0, { rate: '0' });
    }
  }

  /** Units per second since the start. */
  get rate(): number {
    const seconds = (performance.now() - this.start) / 1000;
    return seconds > 0 ? this.value / seconds : 0;
  }

  /** Seconds since the start. */
  get elapsed(): number {
    return (performance.now() - this.start) / 1000;
  }

  /**
   * Moves the count forward.
   * @param amount - how many units were done since the last call
   */
  increment(amount = 1): void {
    this.value += amount;
    if (!this.enabled) return;
    if (this.bar) {
      this.bar.update(this.value, { rate: this.rate.toFixed(0) });
      return;
    }
    const now = performance.now();
    if (now - this.lastLine >= this.lineInterval) {
      this.lastLine = now;
      this.stream.write(`${this.line()}\n`);
    }
  }

  /** Ends the display with a final line. */
  stop(): void {
    if (!this.enabled) return;
    if (this.bar) {
      this.bar.update(this.value, { rate: this.rate.toFixed(0) });
      this.bar.stop();
    } else {
      this.stream.write(`${this.line()}\n`);
    }
  }

  private line(): string {
    const rate = this.rate;
    const parts = [
      `${this.label ? `${this.label}: ` : ''}${this.value}${this.total ? `/${this.total}` : ''} ${this.unit}`,
    ];
    parts.push(`${rate.toFixed(0)} ${this.unit}/s`);
    if (this.total && rate > 0 && this.value < this.total) {
      parts.push(`ETA ${Math.ceil((this.total - this.value) / rate)} s`);
    } else {
      parts.push(`${this.elapsed.toFixed(1)} s`);
    }
    return parts.join(', ');
  }
}
