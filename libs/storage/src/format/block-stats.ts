import { Buffer } from 'node:buffer';
import { nullCountOf, textAt, type BinaryValues, type ColumnValues } from '../encodings/column-values';
import { distinctOf, type DistinctValues } from '../encodings/distinct-values';
import { BlockBloom, type SavedBloom } from './bloom-index';

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
  /** Distinct values of int64, double and binary blocks; the dictionary encoding reuses them. */
  distinct?: DistinctValues;
  /** Distinct non-null values as stat keys, when asked for (`keys`); used for trace hints. */
  distinctKeys?: string[];
  bloom?: BlockBloom;
}

/** What to compute beyond the stats themselves. */
export interface StatsOptions {
  bloom: boolean;
  /** Also list the distinct values as stat keys. */
  keys: boolean;
}

/**
 * Computes a block's stats in one pass over its raw values: distinct values are found by hashing
 * (see `distinctOf`), and only the min/max candidates and, when asked, the distinct keys become
 * strings.
 */
export function computeBlockStats(column: ColumnValues, options: StatsOptions): ComputedStats {
  const dense = column.dense;
  // Bloom filters of text and bytes hash raw bytes; other types build theirs from the keys.
  const wantKeys = options.keys || (options.bloom && !('starts' in dense));
  let distinct: DistinctValues | undefined;
  let distinctCount = 0;
  let distinctKeys: string[] | undefined;
  let min: string | undefined;
  let max: string | undefined;
  let truncated = false;
  switch (dense.type) {
    case 'int64': {
      distinct = distinctOf(dense);
      distinctCount = distinct.count;
      if (dense.values.length > 0) {
        const [low, high] = int64Extremes(dense.values, distinct.firsts);
        [min, max] = [String(dense.values[low]), String(dense.values[high])];
      }
      if (wantKeys) distinctKeys = Array.from(distinct.firsts, (index) => String(dense.values[index]));
      break;
    }
    case 'double': {
      distinct = distinctOf(dense);
      distinctCount = distinct.count;
      let low = Infinity;
      let high = -Infinity;
      let seen = false;
      for (const value of dense.values) {
        if (Number.isNaN(value)) continue;
        seen = true;
        if (value < low) low = value;
        if (value > high) high = value;
      }
      if (seen) [min, max] = [String(low), String(high)];
      if (wantKeys) distinctKeys = Array.from(distinct.firsts, (index) => String(dense.values[index]));
      break;
    }
    case 'bool': {
      let trues = 0;
      for (const value of dense.values) trues += value;
      const keys = [...(trues < dense.values.length ? ['false'] : []), ...(trues > 0 ? ['true'] : [])];
      distinctCount = keys.length;
      if (keys.length > 0) [min, max] = [keys[0], keys[keys.length - 1]];
      if (wantKeys) distinctKeys = keys;
      break;
    }
    case 'string':
    case 'json':
    case 'bytes': {
      distinct = distinctOf(dense);
      distinctCount = distinct.count;
      if (distinct.count > 0) {
        const [lowIndex, highIndex] = binaryExtremes(dense, distinct.firsts);
        // Bytes keys are hex: Node's encoder over a view of the whole buffer, no subarray per key.
        const hexSource = dense.type === 'bytes' ? Buffer.from(dense.bytes.buffer, dense.bytes.byteOffset, dense.bytes.byteLength) : undefined;
        const keyAt = (index: number) => (hexSource !== undefined ? hexSource.toString('hex', dense.starts[index], dense.ends[index]) : textAt(dense, index));
        const [low, high] = [keyAt(lowIndex), keyAt(highIndex)];
        min = truncateLowerBound(low, STAT_PREFIX_LENGTH);
        max = truncateUpperBound(high, STAT_PREFIX_LENGTH);
        truncated = min !== low || max !== high;
        if (wantKeys) distinctKeys = hexSource !== undefined ? hexKeys(hexSource, dense, distinct.firsts) : Array.from(distinct.firsts, keyAt);
      } else if (wantKeys) {
        distinctKeys = [];
      }
      break;
    }
  }
  const stats: BlockStats = { rowCount: column.rowCount, nullCount: nullCountOf(column), distinctCount };
  if (min !== undefined) stats.min = min;
  if (max !== undefined) stats.max = max;
  if (truncated) stats.truncated = true;
  const computed: ComputedStats = { stats };
  if (distinct !== undefined) computed.distinct = distinct;
  if (distinctKeys !== undefined) computed.distinctKeys = distinctKeys;
  if (options.bloom) {
    if ('starts' in dense) computed.bloom = BlockBloom.ofBinary(dense, distinct?.firsts ?? []);
    else if (distinctKeys !== undefined) computed.bloom = BlockBloom.of(distinctKeys, distinctKeys.length);
  }
  return computed;
}

/**
 * Hex keys of bytes values `indexes`. When they cover most of the bytes they sit in (span ids,
 * nearly all distinct), one hex string of that range is cut into the keys, which V8 keeps as
 * slices of it; otherwise (a trace's repeated ids) each key is encoded alone.
 */
function hexKeys(source: Buffer, values: BinaryValues, indexes: Int32Array): string[] {
  const { starts, ends } = values;
  let low = Infinity;
  let high = 0;
  let keyBytes = 0;
  for (let i = 0; i < indexes.length; i++) {
    const index = indexes[i];
    if (starts[index] < low) low = starts[index];
    if (ends[index] > high) high = ends[index];
    keyBytes += ends[index] - starts[index];
  }
  if (indexes.length < 8 || keyBytes * 2 < high - low) return Array.from(indexes, (index) => source.toString('hex', starts[index], ends[index]));
  const hex = source.toString('hex', low, high);
  return Array.from(indexes, (index) => hex.slice((starts[index] - low) * 2, (ends[index] - low) * 2));
}

/**
 * Indexes (among `candidates`, one per distinct value: few for most int64 columns) of the smallest
 * and largest int64, compared as (signed high word, unsigned low word).
 */
function int64Extremes(values: BigInt64Array, candidates: Int32Array): [number, number] {
  const words = new Int32Array(values.buffer, values.byteOffset, values.length * 2);
  let low = candidates[0];
  let high = candidates[0];
  for (let c = 1; c < candidates.length; c++) {
    const i = candidates[c];
    const hi = words[i * 2 + 1];
    const lo = words[i * 2] >>> 0;
    const lowHi = words[low * 2 + 1];
    if (hi < lowHi || (hi === lowHi && lo < words[low * 2] >>> 0)) low = i;
    const highHi = words[high * 2 + 1];
    if (hi > highHi || (hi === highHi && lo > words[high * 2] >>> 0)) high = i;
  }
  return [low, high];
}

/** Indexes (among `candidates`) of the least and greatest value in stat-key order. */
function binaryExtremes(values: BinaryValues, candidates: Int32Array): [number, number] {
  const { bytes, starts, ends } = values;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = values.type !== 'bytes';
  let low = candidates[0];
  let high = candidates[0];
  let lowPrefix = prefixOf(bytes, starts[low], ends[low]);
  let highPrefix = lowPrefix;
  for (let c = 1; c < candidates.length; c++) {
    const index = candidates[c];
    const prefix = prefixOf(bytes, starts[index], ends[index]);
    // Strictly between both extremes by the first four bytes: neither changes. For text, only when
    // those bytes are ASCII, where byte order is the order of the strings.
    if (prefix > lowPrefix && prefix < highPrefix && !(text && ((prefix | lowPrefix | highPrefix) & 0x80808080) !== 0)) continue;
    if (compareStatKeys(values, view, index, low) < 0) {
      low = index;
      lowPrefix = prefix;
    } else if (compareStatKeys(values, view, index, high) > 0) {
      high = index;
      highPrefix = prefix;
    }
  }
  return [low, high];
}

/** The first four bytes of a value, big-endian and zero-padded, so prefixes order as the bytes do. */
function prefixOf(bytes: Uint8Array, start: number, end: number): number {
  let prefix = 0;
  for (let i = 0; i < 4; i++) prefix = (prefix << 8) | (start + i < end ? bytes[start + i] : 0);
  return prefix >>> 0;
}

/**
 * Orders two values as their stat keys compare: bytes by unsigned bytes (= hex order); text as JS
 * compares strings (UTF-16 units), which equals byte order unless the first difference is in a
 * non-ASCII character; those pairs are decoded and compared as strings.
 */
function compareStatKeys(values: BinaryValues, view: DataView, a: number, b: number): number {
  const { bytes, starts, ends } = values;
  const aStart = starts[a];
  const bStart = starts[b];
  const aLength = ends[a] - aStart;
  const bLength = ends[b] - bStart;
  const common = Math.min(aLength, bLength);
  let i = 0;
  // Shared prefixes (routes, URLs, host names) are skipped four bytes at a time.
  while (i + 4 <= common && view.getInt32(aStart + i) === view.getInt32(bStart + i)) i += 4;
  for (; i < common; i++) {
    const x = bytes[aStart + i];
    const y = bytes[bStart + i];
    if (x === y) continue;
    if (values.type !== 'bytes' && (x >= 0x80 || y >= 0x80)) {
      const [left, right] = [textAt(values, a), textAt(values, b)];
      return left < right ? -1 : left > right ? 1 : 0;
    }
    return x - y;
  }
  return aLength - bLength;
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
  /** Every distinct value, for string blocks with few (see the commit encoder); absent otherwise. */
  values?: string[];
  bloom?: SavedBloom;
}
