import { HyperLogLog } from './hyperloglog';

/**
 * Counts distinct values exactly while there are few, then switches to a {@link HyperLogLog}
 * sketch past `exactLimit`, so small groups get exact answers and large ones bounded memory.
 */
export class DistinctCounter {
  private exact: Set<string> | undefined = new Set();
  private sketch: HyperLogLog | undefined;

  constructor(private readonly exactLimit: number) {}

  /** Adds a value; returns true when it grew the exact set (for memory accounting). */
  add(key: string): boolean {
    if (this.exact !== undefined) {
      if (this.exact.has(key)) return false;
      this.exact.add(key);
      if (this.exact.size > this.exactLimit) {
        this.sketch = new HyperLogLog();
        for (const seen of this.exact) this.sketch.add(seen);
        this.exact = undefined;
      }
      return true;
    }
    this.sketch?.add(key);
    return false;
  }

  /** Whether the count is exact (no sketch yet). */
  get isExact(): boolean {
    return this.exact !== undefined;
  }

  count(): number {
    return this.exact !== undefined ? this.exact.size : Math.round(this.sketch?.estimate() ?? 0);
  }
}
