import { execFileSync } from 'node:child_process';
// Shared pieces of the shower benchmarks: realistic sparse event images, glorot kernels, the
// analytic FLOP count and peak-throughput probes.

/** mulberry32 uniforms, seeded. */
export function uniforms(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * B event images N×N: 2–4 jets (Gaussian spread of 2 pixels around random axes) and a few
 * uniform soft particles, 20–60 particles per event, pT from a falling power law
 * (pT = 1 GeV·(1 − u)^(−1/2), i.e. dN/dpT ∝ pT⁻³, capped at 1 TeV). `scale` = true scales each
 * event to a pixel sum of N² (training); otherwise pixels hold GeV (generation).
 */
export function eventImages(
  batch: number,
  pixels: number,
  seed: number,
  scale: boolean,
  particles: [number, number] = [20, 60],
): Float32Array {
  const u = uniforms(seed);
  const area = pixels * pixels;
  const images = new Float32Array(batch * area);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  for (let b = 0; b < batch; b++) {
    const jets = 2 + Math.floor(3 * u());
    const axes = Array.from({ length: jets }, () => [u() * pixels, u() * pixels] as const);
    const n = particles[0] + Math.floor((particles[1] - particles[0] + 1) * u());
    let sum = 0;
    for (let i = 0; i < n; i++) {
      let y: number;
      let x: number;
      if (u() < 0.8) {
        const axis = axes[Math.floor(u() * jets)] as readonly [number, number];
        y = axis[0] + 2 * gauss();
        x = axis[1] + 2 * gauss();
      } else {
        y = u() * pixels;
        x = u() * pixels;
      }
      const iy = Math.min(pixels - 1, Math.max(0, Math.floor(y)));
      const ix = ((Math.floor(x) % pixels) + pixels) % pixels;
      const pt = Math.min(1000, (1 - u()) ** -0.5);
      const index = b * area + iy * pixels + ix;
      images[index] = (images[index] as number) + pt;
      sum += pt;
    }
    if (scale) {
      for (let i = 0; i < area; i++)
        images[b * area + i] = ((images[b * area + i] as number) * area) / sum;
    }
  }
  return images;
}

/** Glorot-normal kernels (fan in = fan out = k², std √(2/(2k²))), C·k² values, seeded. */
export function glorotKernels(c: number, k: number, seed: number): Float64Array {
  const u = uniforms(seed);
  const std = Math.sqrt(2 / (2 * k * k));
  return Float64Array.from({ length: c * k * k }, () => {
    let z: number;
    do z = Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
    while (Math.abs(z) > 2);
    return std * z;
  });
}

/**
 * Dense-equivalent FLOPs per event (what a dense implementation computes; the fused path skips
 * exact zeros, so its effective rate can exceed the hardware's):
 * encoder Σ_l n_l²·C·(2k² + 1) (conv multiply-adds and the channel maximum), decoder Σ_l n_l²
 * (one multiply per child), activeLoss 4·N²·Σ_s s² (target and prediction smeared, 2 FLOP per
 * multiply-add); training = 3 × (forward + loss) (backward ≈ 2 × forward).
 */
export function flopsPerEvent(
  pixels: number,
  k: number,
  c: number,
): {
  forward: number;
  loss: number;
  train: number;
} {
  let area = 0;
  for (let n = pixels; n > k; n /= k) area += n * n;
  const forward = area * c * (2 * k * k + 1) + area;
  const loss = 4 * pixels * pixels * (1 + 4 + 9);
  return { forward, loss, train: 3 * (forward + loss) };
}

/** CPU seconds (user + system) of this process. */
export function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Peak RSS of this process so far, MiB. */
export function peakRssMiB(): number {
  return Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
}

/** Peak GFLOP/s of a plain JS float32 multiply-add loop (4 independent accumulators). */
export function jsDotPeak(seconds: number): number {
  const n = 4096;
  const a = new Float32Array(n).fill(1.0001);
  const b = new Float32Array(n).fill(0.9999);
  const dot = (): number => {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0; i < n; i += 4) {
      s0 += (a[i] as number) * (b[i] as number);
      s1 += (a[i + 1] as number) * (b[i + 1] as number);
      s2 += (a[i + 2] as number) * (b[i + 2] as number);
      s3 += (a[i + 3] as number) * (b[i + 3] as number);
    }
    return s0 + s1 + s2 + s3;
  };
  let sink = 0;
  for (let i = 0; i < 2000; i++) sink += dot();
  const start = cpuSeconds();
  let calls = 0;
  while (cpuSeconds() - start < seconds) {
    for (let i = 0; i < 1000; i++) sink += dot();
    calls += 1000;
  }
  if (sink === 42) console.error('');
  return (2 * n * calls) / (cpuSeconds() - start) / 1e9;
}

/**
 * A numeric `--name value` option of a bench script's command line.
 * @param name - the option without its dashes
 * @param fallback - the value when the option is absent
 * @returns the number given, or the fallback
 */
export function numberOption(name: string, fallback: number): number {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

/**
 * Whether a bench script's command line has `--name`.
 * @param name - the flag without its dashes
 * @returns true when given
 */
export function hasFlag(name: string): boolean {
  return process.argv.slice(2).includes(`--${name}`);
}

/**
 * The composite tfjs-layers path, measured in a child process (bench/train/composite.ts) so that
 * each backend starts from a fresh engine.
 *
 * @param mode - 'train' or 'generate'
 * @param backend - 'cpu' or 'wasm'
 * @param seconds - measuring time
 * @returns the child's JSON figures, or the backend and the first error line
 */
export function compositeChild(
  mode: 'train' | 'generate',
  backend: string,
  seconds: number,
): Record<string, unknown> {
  const script = new URL('./composite.ts', import.meta.url).pathname;
  try {
    const out = execFileSync(
      process.execPath,
      [
        '--conditions=@apemen/source',
        '--import',
        'tsx/esm',
        script,
        mode,
        backend,
        String(seconds),
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    return JSON.parse(out.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
  } catch (error) {
    const message = String((error as { stderr?: string }).stderr ?? error);
    const line = message.split('\n').find((l) => /Error/.test(l)) ?? message.slice(0, 200);
    return { backend, error: line.trim().slice(0, 300) };
  }
}
