import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exponentialLowerBound, negativeBucketBounds, positiveBucketBounds } from './exponential-buckets';

describe('exponential histogram bucket bounds', () => {
  it('at scale 0 has base 2: bucket i covers (2^i, 2^(i+1)]', () => {
    expect(positiveBucketBounds(0, 0)).toEqual({ lower: 1, upper: 2 });
    expect(positiveBucketBounds(3, 0)).toEqual({ lower: 8, upper: 16 });
    expect(positiveBucketBounds(-1, 0)).toEqual({ lower: 0.5, upper: 1 });
  });

  it('at negative scales merges buckets: base = 2^(2^-scale)', () => {
    // scale -1: base 4; scale -2: base 16.
    expect(positiveBucketBounds(1, -1)).toEqual({ lower: 4, upper: 16 });
    expect(positiveBucketBounds(-1, -2)).toEqual({ lower: 1 / 16, upper: 1 });
  });

  it('at positive scales splits buckets: scale 1 has base √2', () => {
    expect(positiveBucketBounds(0, 1)).toEqual({ lower: 1, upper: Math.SQRT2 });
    expect(positiveBucketBounds(2, 1)).toEqual({ lower: 2, upper: 2 * Math.SQRT2 });
    expect(exponentialLowerBound(3, 2)).toBeCloseTo(Math.pow(2, 0.75), 15);
  });

  it('mirrors negative buckets: index i covers [-base^(i+1), -base^i)', () => {
    expect(negativeBucketBounds(0, 0)).toEqual({ lower: -2, upper: -1 });
    expect(negativeBucketBounds(2, 1)).toEqual({ lower: -2 * Math.SQRT2, upper: -2 });
  });

  it('runs off to Infinity and 0 at the ends of the double range instead of failing', () => {
    expect(positiveBucketBounds(1024, 0).lower).toBe(Infinity);
    expect(exponentialLowerBound(-1075, 0)).toBe(0);
  });

  it('has bucket i+1 start where bucket i ends, at every scale', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10, max: 20 }), fc.integer({ min: -2000, max: 2000 }), (scale, index) => {
        expect(positiveBucketBounds(index, scale).upper).toBe(positiveBucketBounds(index + 1, scale).lower);
        const { lower, upper } = positiveBucketBounds(index, scale);
        if (Number.isFinite(upper) && lower > 0) expect(upper / lower).toBeCloseTo(Math.pow(2, Math.pow(2, -scale)), 6);
      }),
    );
  });

  it('puts a value in the bucket the OTLP index formula names (scale ≤ 0: exact powers of two)', () => {
    // For scale ≤ 0 the spec maps value v to index floor(log2(v) * 2^scale) except exact powers
    // of the base, which belong to the bucket below: (lower, upper] is upper-inclusive.
    for (const [value, scale, index] of [
      [5, 0, 2],
      [4, 0, 1],
      [100, -1, 3],
      [16, -1, 1],
    ] as const) {
      const { lower, upper } = positiveBucketBounds(index, scale);
      expect(value > lower && value <= upper).toBe(true);
    }
  });
});
