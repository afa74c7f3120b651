import { nullCountOf, type ColumnValues } from '../encodings/column-values';
import { BlockBloom, type SavedBloom } from './bloom-index';
import { statKey } from './stat-keys';

/** Longest min/max kept in stats, in UTF-16 code units (hex digits for bytes: 32 bytes). */
export const STAT_PREFIX_LENGTH = 64;

/**
 * Stats of one column block. `min`/`max` are text (see `statKey`): int64 in decimal, doubles as JS
 * prints them (NaN is ignored; all-NaN blocks have no min/max), bools as `false`/`true`, bytes as
 * hex. Long strings and bytes keep a prefix: `min` is the prefix (still a lower bound) and `max` the
 * prefix with its last unit incremented (still an upper bound); `truncated` says so.
 */
export interface BlockStats {
  rowCount: number;
  nullCount: number;
  /** Exact count of distinct non-null values in the block. */
  distinctCount: number;
  min?: string;
  max?: string;
  truncated?: boolean;
}

/** Stats of a block plus what the writer needs from them. */
export interface ComputedStats {
  stats: BlockStats;
  /** Distinct non-null values as stat keys; used for Bloom filters and trace hints. */
  distinctKeys: Set<string>;
  bloom?: BlockBloom;
}

/** Computes a block's stats, and its Bloom filter when `withBloom`. */
export function computeBlockStats(column: ColumnValues, withBloom: boolean): ComputedStats {
  const dense = column.dense;
  const distinctKeys = new Set<string>();
  let min: string | undefined;
  let max: string | undefined;
  let truncated = false;
  switch (dense.type) {
    case 'int64': {
      if (dense.values.length > 0) {
        let low = dense.values[0];
        let high = low;
        for (const value of dense.values) {
          if (value < low) low = value;
          if (value > high) high = value;
          distinctKeys.add(String(value));
        }
        [min, max] = [String(low), String(high)];
      }
      break;
    }
    case 'double': {
      let low = Infinity;
      let high = -Infinity;
      let seen = false;
      for (const value of dense.values) {
        distinctKeys.add(String(value));
        if (Number.isNaN(value)) continue;
        seen = true;
        if (value < low) low = value;
        if (value > high) high = value;
      }
      if (seen) [min, max] = [String(low), String(high)];
      break;
    }
    case 'bool': {
      for (const value of dense.values) distinctKeys.add(value !== 0 ? 'true' : 'false');
      if (distinctKeys.size > 0) [min, max] = [distinctKeys.has('false') ? 'false' : 'true', distinctKeys.has('true') ? 'true' : 'false'];
      break;
    }
    case 'string':
    case 'json':
    case 'bytes': {
      let low: string | undefined;
      let high: string | undefined;
      for (const value of dense.values) {
        const key = statKey(dense.type, value);
        if (distinctKeys.has(key)) continue;
        distinctKeys.add(key);
        // Bytes compare by their hex, which orders like the bytes themselves.
        if (low === undefined || key < low) low = key;
        if (high === undefined || key > high) high = key;
      }
      if (low !== undefined && high !== undefined) {
        min = truncateLowerBound(low, STAT_PREFIX_LENGTH);
        max = truncateUpperBound(high, STAT_PREFIX_LENGTH);
        truncated = min !== low || max !== high;
      }
      break;
    }
  }
  const stats: BlockStats = { rowCount: column.rowCount, nullCount: nullCountOf(column), distinctCount: distinctKeys.size };
  if (min !== undefined) stats.min = min;
  if (max !== undefined) stats.max = max;
  if (truncated) stats.truncated = true;
  const computed: ComputedStats = { stats, distinctKeys };
  if (withBloom) computed.bloom = BlockBloom.of(distinctKeys, distinctKeys.size);
  return computed;
}

function truncateLowerBound(value: string, limit: number): string {
  if (value.length <= limit) return value;
  const cut = isHighSurrogate(value.charCodeAt(limit - 1)) ? limit - 1 : limit;
  return value.slice(0, cut);
}

/** A string ≥ every string that starts with `value`'s first `limit` units. */
function truncateUpperBound(value: string, limit: number): string | undefined {
  if (value.length <= limit) return value;
  let prefix = value.slice(0, limit);
  while (prefix.length > 0) {
    const last = prefix.charCodeAt(prefix.length - 1);
    if (last < 0xffff) return prefix.slice(0, -1) + String.fromCharCode(last + 1);
    prefix = prefix.slice(0, -1);
  }
  return undefined;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Stats and optional Bloom filter of one column block, as saved in `stats/<commit>.json`. */
export interface SavedBlockStats extends BlockStats {
  bloom?: SavedBloom;
}
