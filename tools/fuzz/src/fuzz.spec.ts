import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FuzzDefect, fuzzTargets, type FuzzTarget } from './fuzz-targets';
import { fuzz, savedInputs, type FuzzOptions } from './fuzz-runner';

// 100k cases per target in `npm test`; `npm run fuzz` sets FUZZ_RUNS (and FUZZ_SEED) for more.
const options: FuzzOptions = {
  runs: Number(process.env['FUZZ_RUNS'] ?? 100_000),
  seed: Number(process.env['FUZZ_SEED'] ?? 20261208),
  corpusDir: join(import.meta.dirname, '..', 'corpus'),
  maxCaseMs: 2_000,
};

describe.each(fuzzTargets().map((target) => [target.name, target] as const))('%s', (_name, target) => {
  it(`survives ${options.runs} hostile inputs and every saved regression input`, () => {
    const summary = fuzz(target, options);
    process.stderr.write(`[fuzz] ${JSON.stringify(summary)}\n`);
    expect(summary.runs).toBe(options.runs);
  });
});

describe('the fuzz harness', () => {
  it('covers every registered signal, its extra formats and the DSL, each with seeds', () => {
    const targets = fuzzTargets();
    expect(targets.map((target) => target.name)).toEqual(
      expect.arrayContaining([
        'spans-otlp-protobuf',
        'spans-otlp-json',
        'spans-api-v2-spans-json',
        'spans-api-v2-spans-protobuf',
        'logs-otlp-protobuf',
        'metrics-otlp-json',
        'query-dsl',
      ]),
    );
    for (const target of targets) expect(target.seeds.length, target.name).toBeGreaterThan(0);
  });

  it('every seed runs clean (a seed that trips its own target would hide real defects)', () => {
    for (const target of fuzzTargets()) for (const seed of target.seeds) expect(() => target.run(seed), target.name).not.toThrow();
  });

  it('finds a planted defect, shrinks it and saves it for replay', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const corpusDir = await mkdtemp(join(tmpdir(), 'prism-fuzz-'));
    try {
      // A decoder that trips over any 0xff byte, as a stand-in for a real bug.
      const buggy: FuzzTarget = {
        name: 'planted',
        seeds: [Uint8Array.of(1, 2, 3, 4)],
        json: false,
        run: (input) => {
          if (input.includes(0xff)) throw new FuzzDefect('0xff');
        },
      };
      expect(() => fuzz(buggy, { ...options, runs: 10_000, corpusDir })).toThrow(/planted: defect after \d+ cases .*saved as/);
      const saved = savedInputs({ ...options, corpusDir }, buggy);
      expect(saved).toHaveLength(1);
      expect(saved[0]).toContain(0xff);
      // Replayed first from then on: the same defect fails before any generated case.
      expect(() => fuzz(buggy, { ...options, runs: 1, corpusDir })).toThrow(/0xff/);
    } finally {
      await rm(corpusDir, { recursive: true, force: true });
    }
  });
});
