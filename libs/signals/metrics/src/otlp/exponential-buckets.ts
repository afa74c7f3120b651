/** Scales OTLP allows for exponential histograms. */
export const MIN_EXPONENTIAL_SCALE = -10;
export const MAX_EXPONENTIAL_SCALE = 20;

/**
 * The lower bound of positive bucket `index` at `scale`: base^index with base = 2^(2^-scale).
 * Computed as 2^(index * 2^-scale): the exponent is exact (a power of two times an integer), so
 * the only rounding is in the final power, and bounds at integer exponents come out exact.
 * Past the double range it is Infinity (or 0 below it).
 */
export function exponentialLowerBound(index: number, scale: number): number {
  return Math.pow(2, index * Math.pow(2, -scale));
}

/** Bounds of a bucket: values in (lower, upper]. */
export interface BucketBounds {
  lower: number;
  upper: number;
}

/** Positive bucket `index` covers (base^index, base^(index+1)]. */
export function positiveBucketBounds(index: number, scale: number): BucketBounds {
  return { lower: exponentialLowerBound(index, scale), upper: exponentialLowerBound(index + 1, scale) };
}

/** Negative bucket `index` mirrors the positive one: [-base^(index+1), -base^index). */
export function negativeBucketBounds(index: number, scale: number): BucketBounds {
  return { lower: -exponentialLowerBound(index + 1, scale), upper: -exponentialLowerBound(index, scale) };
}
