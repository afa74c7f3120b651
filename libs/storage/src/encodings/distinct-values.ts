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

function distinctWords(words: Int32Array, count: number): DistinctValues {
  const size = tableSizeFor(count);
  const mask = size - 1;
  const table = new Int32Array(size).fill(-1);
  const ids = new Int32Array(count);
  const firsts = new Int32Array(count);
  let distinct = 0;
  for (let i = 0; i < count; i++) {
    const low = words[i * 2];
    const high = words[i * 2 + 1];
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
  const count = starts.length;
  const size = tableSizeFor(count);
  const mask = size - 1;
  const table = new Int32Array(size).fill(-1);
  const ids = new Int32Array(count);
  const firsts = new Int32Array(count);
  let distinct = 0;
  for (let i = 0; i < count; i++) {
    const start = starts[i];
    const end = ends[i];
    let slot = mix(rangeHash(bytes, start, end)) & mask;
    for (;;) {
      const id = table[slot];
      if (id === -1) {
        table[slot] = distinct;
        firsts[distinct] = i;
        ids[i] = distinct++;
        break;
      }
      if (sameRange(bytes, starts[firsts[id]], ends[firsts[id]], start, end)) {
        ids[i] = id;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return { ids, firsts: firsts.subarray(0, distinct), count: distinct };
}

/**
 * FNV-1a over a value's bytes; long values hash their first and last 16 bytes and 16 bytes spread
 * between (ids, URLs and counters differ at the ends). Equal hashes are always confirmed byte by byte.
 */
function rangeHash(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  let hash = 0x811c9dc5 ^ length;
  if (length <= 48) {
    for (let at = start; at < end; at++) hash = Math.imul(hash ^ bytes[at], 0x01000193);
    return hash;
  }
  for (let at = start; at < start + 16; at++) hash = Math.imul(hash ^ bytes[at], 0x01000193);
  for (let at = end - 16; at < end; at++) hash = Math.imul(hash ^ bytes[at], 0x01000193);
  const stride = Math.floor((length - 32) / 16) + 1;
  for (let at = start + 16; at < end - 16; at += stride) hash = Math.imul(hash ^ bytes[at], 0x01000193);
  return hash;
}

function sameRange(bytes: Uint8Array, aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let i = 0; i < aEnd - aStart; i++) if (bytes[aStart + i] !== bytes[bStart + i]) return false;
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
