import { describe, expect, it } from 'vitest';
import { EXACT_PERCENTILE_VALUES, PercentileAccumulator } from './percentile-state';

function percentileOf(values: number[], q: number): number | null {
  const accumulator = new PercentileAccumulator(q);
  for (const value of values) accumulator.add(value);
  return accumulator.result() as number | null;
}

describe('PercentileAccumulator', () => {
  it('answers small groups exactly, interpolating between closest ranks', () => {
    const values = Array.from({ length: 20 }, (_, i) => 20 - i); // 20..1, unsorted input
    expect(percentileOf(values, 0.5)).toBeCloseTo(10.5, 10);
    expect(percentileOf(values, 0.95)).toBeCloseTo(19.05, 10);
    expect(percentileOf(values, 0)).toBe(1);
    expect(percentileOf(values, 1)).toBe(20);
    expect(percentileOf([5], 0.99)).toBe(5);
  });

  it('ignores NaN and answers null without values', () => {
    expect(percentileOf([], 0.5)).toBeNull();
    expect(percentileOf([Number.NaN], 0.5)).toBeNull();
    expect(percentileOf([Number.NaN, 3, 1], 0.5)).toBe(2);
  });

  it('stays within 1 % of exact past the exact buffer (bulk-built digest)', () => {
    const count = EXACT_PERCENTILE_VALUES * 4 + 123;
    const values: number[] = [];
    let seed = 7;
    for (let i = 0; i < count; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      values.push(Math.exp((seed / 2 ** 32) * 6)); // log-uniform, skewed like durations
    }
    const sorted = [...values].sort((a, b) => a - b);
    for (const q of [0.5, 0.95, 0.99]) {
      const exact = sorted[Math.round(q * (count - 1))];
      const estimate = percentileOf(values, q) as number;
      expect(Math.abs(estimate - exact) / exact).toBeLessThan(0.01);
    }
  });
});
