import { cpus } from 'node:os';
import { parseArgs } from 'node:util';

/** The JSON summary every benchmark prints as its last stdout line (see BENCHMARKS.md). */
export interface BenchSummary {
  bench: string;
  params: Record<string, number | string | boolean>;
  metrics: Record<string, number>;
  peers?: Record<string, Record<string, number>>;
  ratios?: Record<string, number>;
}

/** Reads `--size`, `--seed` and benchmark-specific numeric flags, with defaults. */
export function benchArgs<T extends Record<string, number>>(defaults: T): T {
  const options = Object.fromEntries(Object.keys(defaults).map((key) => [key, { type: 'string' as const }]));
  const { values } = parseArgs({ options, allowPositionals: false, strict: true });
  const parsed: Record<string, number> = { ...defaults };
  for (const [key, raw] of Object.entries(values)) {
    const value = Number(raw);
    if (!Number.isFinite(value)) throw new Error(`--${key} expects a number, got "${raw}"`);
    parsed[key] = value;
  }
  return parsed as T;
}

/** Progress for humans, on stderr so stdout stays machine-readable. */
export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** Prints the summary as the last line of stdout. */
export function report(summary: BenchSummary): void {
  const machine = { cpus: cpus().length, node: process.version };
  process.stdout.write(
    `${JSON.stringify({ bench: summary.bench, machine, params: summary.params, metrics: summary.metrics, peers: summary.peers ?? {}, ratios: summary.ratios ?? {} })}\n`,
  );
}

/** A small seeded PRNG (mulberry32) so generated workloads are the same from run to run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The p-th percentile (0–100) of samples, by nearest rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

/** Rounds for display without losing meaningful digits. */
export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
