/** Scales OTLP allows for exponential histograms. */
export const MIN_EXPONENTIAL_SCALE = -10;
export const MAX_EXPONENTIAL_SCALE = 20;

/**
 * The lower bound of positive bucket `index` at `scale`: base^index with base = 2^(2^-scale).
 * Computed as 2^whole * 2^fraction of the exponent index * 2^-scale, which is exact (an integer
 * times a power of two): scaling by 2^whole is exact, so the only rounding is in 2^fraction (e.g.
 * √2 at scale 1 for every odd index), and bounds at integer exponents come out exact.
 * Past the double range it is Infinity (or 0 below it).
 */
export function exponentialLowerBound(index: number, scale: number): number {
  const exponent = index * Math.pow(2, -scale);
  const whole = Math.floor(exponent);
  return Math.pow(2, exponent - whole) * Math.pow(2, whole);
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
