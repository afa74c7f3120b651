import { Buffer } from 'node:buffer';
import type { BinaryValues, DenseValues } from './column-values';

/**
 * The distinct values of a block, found by hashing raw bytes or 64-bit words (no JS strings or
 * BigInts per value): `ids[i]` is value i's distinct id, numbered in first-seen order, and
 * `firsts[id]` the index of that id's first occurrence. Shared by stats and the dictionary encoding.
 */
export interface DistinctValues {
  ids: Int32Array;
  firsts: Int32Array;
  count: number;
}

/** Distinct values of int64, double or binary values; doubles count ±0 as one value and every NaN as one. */
export function distinctOf(dense: Exclude<DenseValues, { type: 'bool' }>): DistinctValues {
  if ('starts' in dense) return distinctBinary(dense);
  let values: BigInt64Array | Float64Array = dense.values;
  if (dense.type === 'double' && dense.values.some((value) => value === 0 || Number.isNaN(value))) {
    // Distinct as their text forms are: "0" for both zeros, "NaN" for every NaN payload.
    values = dense.values.map((value) => (value === 0 ? 0 : Number.isNaN(value) ? NaN : value));
  }
  return distinctWords(new Int32Array(values.buffer, values.byteOffset, values.length * 2), values.length);
}

function tableSizeFor(count: number): number {
  let size = 16;
  while (size < count * 2) size *= 2;
  return size;
}

// The hash table and hashes live only while one block is looked at, so they are reused across
// blocks: a fresh typed array per block costs an off-heap allocation and later GC work.
let sharedTable = new Int32Array(0);
let sharedHashes = new Int32Array(0);

/** A hash table of `size` empty (-1) slots. */
function emptyTable(size: number): Int32Array {
  if (sharedTable.length < size) sharedTable = new Int32Array(size);
  sharedTable.fill(-1, 0, size);
  return sharedTable;
}

function hashesFor(count: number): Int32Array {
  if (sharedHashes.length < count) sharedHashes = new Int32Array(Math.max(count, 1024));
  return sharedHashes;
}

/** `ids` and `firsts` of `count` values in one allocation. */
function idsAndFirsts(count: number): [Int32Array, Int32Array] {
  const both = new Int32Array(count * 2);
  return [both.subarray(0, count), both.subarray(count)];
}

/** The distinct values of `count` values that are all equal: one id, first seen at 0. */
function oneValue(count: number): DistinctValues {
  const [ids, firsts] = idsAndFirsts(count);
  return { ids, firsts: firsts.subarray(0, 1), count: 1 };
}

/**
 * Whether `bytes[start..end)`, a run of values `stride` bytes long each, holds one value repeated:
 * it does exactly when it equals itself shifted by one value, which one native comparison checks.
 * Constant columns (tenant, resource and scope attributes, flags) are a third of a span batch.
 */
function repeatsOneValue(bytes: Uint8Array, start: number, end: number, stride: number): boolean {
  return stride === 0 || Buffer.compare(bytes.subarray(start, end - stride), bytes.subarray(start + stride, end)) === 0;
}

function distinctWords(words: Int32Array, count: number): DistinctValues {
  if (count > 1 && words[0] === words[2] && words[1] === words[3]) {
    if (repeatsOneValue(new Uint8Array(words.buffer, words.byteOffset, count * 8), 0, count * 8, 8)) return oneValue(count);
  }
  const size = tableSizeFor(count);
  const mask = size - 1;
  const table = emptyTable(size);
  const [ids, firsts] = idsAndFirsts(count);
  let distinct = 0;
  for (let i = 0; i < count; i++) {
    const low = words[i * 2];
    const high = words[i * 2 + 1];
    // A value repeating the previous one (constant columns, sorted runs) needs no lookup.
    if (i > 0 && low === words[i * 2 - 2] && high === words[i * 2 - 1]) {
      ids[i] = ids[i - 1];
      continue;
    }
    let slot = mix(low ^ Math.imul(high, 0x9e3779b1)) & mask;
    for (;;) {
      const id = table[slot];
      if (id === -1) {
        table[slot] = distinct;
        firsts[distinct] = i;
        ids[i] = distinct++;
        break;
      }
      const first = firsts[id] * 2;
      if (words[first] === low && words[first + 1] === high) {
        ids[i] = id;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return { ids, firsts: firsts.subarray(0, distinct), count: distinct };
}

function distinctBinary(values: BinaryValues): DistinctValues {
  const { bytes, starts, ends } = values;
  // Unaligned 4-byte reads: one load per word for hashing and comparing.
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = starts.length;
  if (count > 1 && sameRange(view, starts[0], ends[0], starts[1], ends[1]) && isOneRun(values)) return oneValue(count);
  const size = tableSizeFor(count);
  const mask = size - 1;
  const table = emptyTable(size);
  const [ids, firsts] = idsAndFirsts(count);
  // Each distinct value's hash, compared before its bytes when probing.
  const hashes = hashesFor(count);
  let distinct = 0;
  for (let i = 0; i < count; i++) {
    const start = starts[i];
    const end = ends[i];
    // Runs of one value (resource and scope columns, the spans of one trace) need no hashing.
    if (i > 0 && sameRange(view, starts[i - 1], ends[i - 1], start, end)) {
      ids[i] = ids[i - 1];
      continue;
    }
    const hash = rangeHash(view, start, end);
    let slot = hash & mask;
    for (;;) {
      const id = table[slot];
      if (id === -1) {
        table[slot] = distinct;
        hashes[distinct] = hash;
        firsts[distinct] = i;
        ids[i] = distinct++;
        break;
      }
      if (hashes[id] === hash && sameRange(view, starts[firsts[id]], ends[firsts[id]], start, end)) {
        ids[i] = id;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return { ids, firsts: firsts.subarray(0, distinct), count: distinct };
}

/** Whether the values are one value repeated, laid out back to back (a column without nulls). */
function isOneRun(values: BinaryValues): boolean {
  const { bytes, starts, ends } = values;
  const length = ends[0] - starts[0];
  for (let i = 1; i < starts.length; i++) if (starts[i] !== ends[i - 1] || ends[i] - starts[i] !== length) return false;
  return repeatsOneValue(bytes, starts[0], ends[starts.length - 1], length);
}

/** Values longer than this hash a sample of their bytes (see {@link rangeHash}). */
const FULLY_HASHED_LENGTH = 64;

/**
 * murmur3 (32-bit) over a value's bytes, four at a time; values longer than 64 bytes hash their
 * first and last 32 bytes and 16 bytes spread between (ids, URLs and counters differ at the ends).
 * Equal hashes are always confirmed byte by byte.
 */
function rangeHash(view: DataView, start: number, end: number): number {
  const length = end - start;
  let hash = 0x811c9dc5 ^ length;
  if (length <= FULLY_HASHED_LENGTH) {
    hash = hashWords(view, start, end, hash);
  } else {
    hash = hashWords(view, start, start + 32, hash);
    hash = hashWords(view, end - 32, end, hash);
    const stride = Math.floor((length - 64) / 4) + 1;
    for (let at = start + 32; at + 4 <= end - 32; at += stride) hash = mixWord(hash, view.getInt32(at, true));
  }
  // Signed, as it is kept in an Int32Array.
  return mix(hash) | 0;
}

function hashWords(view: DataView, start: number, end: number, hash: number): number {
  let at = start;
  for (; at + 4 <= end; at += 4) hash = mixWord(hash, view.getInt32(at, true));
  if (at < end) {
    let tail = 0;
    for (let shift = 0; at < end; at++, shift += 8) tail |= view.getUint8(at) << shift;
    hash = mixWord(hash, tail);
  }
  return hash;
}

/** One murmur3 round. */
function mixWord(hash: number, word: number): number {
  let k = Math.imul(word, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  hash ^= Math.imul(k, 0x1b873593);
  hash = (hash << 13) | (hash >>> 19);
  return (Math.imul(hash, 5) + 0xe6546b64) | 0;
}

/** Byte equality of two ranges, four bytes at a time; the last bytes first, as ids and counters differ there. */
function sameRange(view: DataView, aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  const length = aEnd - aStart;
  if (length !== bEnd - bStart) return false;
  if (length === 0) return true;
  if (view.getUint8(aEnd - 1) !== view.getUint8(bEnd - 1)) return false;
  let i = 0;
  for (; i + 4 <= length; i += 4) if (view.getInt32(aStart + i) !== view.getInt32(bStart + i)) return false;
  for (; i < length; i++) if (view.getUint8(aStart + i) !== view.getUint8(bStart + i)) return false;
  return true;
}

/** murmur3's finalizer: spreads the bits so linear probing stays short. */
function mix(hash: number): number {
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}
