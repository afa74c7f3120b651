import type { RowValue } from '@prism/contract';
import { TDigest } from 'tdigest';

/** Values kept exactly per group; past this they are folded into a t-digest in bulk. */
export const EXACT_PERCENTILE_VALUES = 65_536;
/** Weighted points a full buffer is summarised into before it enters the digest. */
const POINTS_PER_FOLD = 2_048;

/**
 * A percentile over a stream of numbers. Values go into a typed buffer (no per-value objects);
 * groups of up to {@link EXACT_PERCENTILE_VALUES} values answer exactly (sorted, linear
 * interpolation between closest ranks, as SQL's `quantile_cont`). A fuller buffer is sorted and
 * folded into a t-digest as a few thousand weighted points, so memory stays bounded and the
 * digest's per-insert tree work is paid per point, not per row.
 */
export class PercentileAccumulator {
  private buffer = new Float64Array(64);
  private length = 0;
  private digest: TDigest | undefined;

  constructor(private readonly q: number) {}

  /** Adds a value (NaN is ignored); returns bytes of memory it added. */
  add(value: number): number {
    if (Number.isNaN(value)) return 0;
    let added = 0;
    if (this.length === this.buffer.length) {
      if (this.length >= EXACT_PERCENTILE_VALUES) {
        this.fold();
      } else {
        const grown = new Float64Array(this.buffer.length * 2);
        grown.set(this.buffer);
        added = 8 * this.buffer.length;
        this.buffer = grown;
      }
    }
    this.buffer[this.length++] = value;
    return added;
  }

  /** The q-quantile, or null without values. */
  result(): RowValue {
    if (this.digest === undefined) {
      if (this.length === 0) return null;
      const sorted = this.buffer.subarray(0, this.length).sort();
      const position = this.q * (sorted.length - 1);
      const low = Math.floor(position);
      const high = Math.ceil(position);
      return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
    }
    this.fold();
    this.digest.compress();
    return this.digest.percentile(this.q) as number;
  }

  /** Sorts the buffer and pushes it into the digest as equal-count weighted means. */
  private fold(): void {
    this.digest ??= new TDigest();
    const sorted = this.buffer.subarray(0, this.length).sort();
    const step = Math.max(1, Math.ceil(sorted.length / POINTS_PER_FOLD));
    for (let start = 0; start < sorted.length; start += step) {
      const end = Math.min(sorted.length, start + step);
      let sum = 0;
      for (let i = start; i < end; i++) sum += sorted[i];
      this.digest.push(sum / (end - start), end - start);
    }
    this.length = 0;
  }
}
