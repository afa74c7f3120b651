import { denseLength, type ColumnValues } from '../encodings/column-values';

/** How one Parquet column is encoded before compression. */
export type ColumnEncoding = 'dictionary' | 'plain' | 'byte-stream-split';

/** The choices {@link planColumnEncodings} makes. */
export interface ColumnEncodingRules {
  /**
   * A column keeps its dictionary only while its distinct values are at most this share of its
   * non-null values in the sample; 1 keeps every dictionary. Near-unique columns (ids, timestamps,
   * durations) pay for a dictionary page holding every value plus an index per row.
   */
  maxDictionaryDistinctRatio: number;
  /** Encoding of int64 columns that lose their dictionary: byte-stream-split groups the bytes of equal significance, which ZSTD then compresses better. */
  nonDictionaryInt64: 'plain' | 'byte-stream-split';
}

/**
 * Picks each column's encoding from a sample of its values (the first row group): dictionary for
 * repetitive columns, plain (or byte-stream-split for int64) for near-unique ones.
 */
export function planColumnEncodings(sample: ReadonlyMap<string, ColumnValues>, rules: ColumnEncodingRules): Map<string, ColumnEncoding> {
  const plan = new Map<string, ColumnEncoding>();
  for (const [name, values] of sample) {
    const present = denseLength(values.dense);
    if (present === 0 || values.dense.type === 'bool' || rules.maxDictionaryDistinctRatio >= 1) {
      plan.set(name, 'dictionary');
      continue;
    }
    const limit = Math.floor(rules.maxDictionaryDistinctRatio * present);
    if (distinctCountUpTo(values, limit + 1) <= limit) plan.set(name, 'dictionary');
    else plan.set(name, values.dense.type === 'int64' ? rules.nonDictionaryInt64 : 'plain');
  }
  return plan;
}

/** Distinct non-null values, counting stops at `cap` (only "more than the limit" matters). */
function distinctCountUpTo(values: ColumnValues, cap: number): number {
  const dense = values.dense;
  const seen = new Set<bigint | number | string>();
  if (dense.type === 'int64' || dense.type === 'double' || dense.type === 'bool') {
    for (let i = 0; i < dense.values.length && seen.size < cap; i++) seen.add(dense.values[i]);
    return seen.size;
  }
  const bytes = Buffer.from(dense.bytes.buffer, dense.bytes.byteOffset, dense.bytes.byteLength);
  for (let i = 0; i < dense.starts.length && seen.size < cap; i++) seen.add(bytes.toString('latin1', dense.starts[i], dense.ends[i]));
  return seen.size;
}
