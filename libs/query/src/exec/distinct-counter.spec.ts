import { describe, expect, it } from 'vitest';
import { DistinctCounter } from './distinct-counter';
import { HyperLogLog } from './hyperloglog';

describe('DistinctCounter', () => {
  it('is exact up to its limit', () => {
    const counter = new DistinctCounter(1000);
    for (let i = 0; i < 5000; i++) counter.add(`v${i % 700}`);
    expect(counter.isExact).toBe(true);
    expect(counter.count()).toBe(700);
  });

  it('switches to HyperLogLog past its limit and stays within a few percent', () => {
    const counter = new DistinctCounter(1000);
    for (let i = 0; i < 50_000; i++) counter.add(`trace-${i}`);
    for (let i = 0; i < 50_000; i++) counter.add(`trace-${i}`); // repeats change nothing
    expect(counter.isExact).toBe(false);
    expect(Math.abs(counter.count() - 50_000) / 50_000).toBeLessThan(0.05);
  });
});

describe('HyperLogLog', () => {
  it('estimates small and large sets', () => {
    for (const size of [100, 5_000, 200_000]) {
      const sketch = new HyperLogLog();
      for (let i = 0; i < size; i++) sketch.add(String(i));
      expect(Math.abs(sketch.estimate() - size) / size).toBeLessThan(0.05);
    }
  });

  it('is fast enough for the hot path (100k updates well under a second)', () => {
    const sketch = new HyperLogLog();
    const start = performance.now();
    for (let i = 0; i < 100_000; i++) sketch.add(`value-${i}`);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
