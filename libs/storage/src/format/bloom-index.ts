import { Buffer } from 'node:buffer';
import { BloomFilter, Hashing } from 'bloom-filters';
import { textAt, type BinaryValues } from '../encodings/column-values';
import { CorruptDataError } from '../errors';

/** Name of the hash used by Prism's Bloom filters; recorded beside every saved filter. */
export const BLOOM_HASH = 'fmix32-v1';
export const BLOOM_FALSE_POSITIVE_RATE = 0.01;

/** A saved Bloom filter as it sits in a stats file. */
export interface SavedBloom {
  hash: string;
  filter: unknown;
}

/**
 * The key's UTF-16 code units, staged in one reused buffer: string keys and raw-byte keys (hex
 * digits of bytes, ASCII text) go through the same hash loop, so both set the same bits.
 */
let units = new Uint16Array(256);

function unitsFor(length: number): Uint16Array {
  if (units.length < length) units = new Uint16Array(Math.max(length, units.length * 2));
  return units;
}

function unitsOfText(text: string): number {
  const into = unitsFor(text.length);
  for (let i = 0; i < text.length; i++) into[i] = text.charCodeAt(i);
  return text.length;
}

const HEX_DIGITS = Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));

/** Stages the lower-case hex digits of `bytes[start..end)`, the stat key of a bytes value. */
function unitsOfHex(bytes: Uint8Array, start: number, end: number): number {
  const into = unitsFor((end - start) * 2);
  let at = 0;
  for (let i = start; i < end; i++) {
    into[at++] = HEX_DIGITS[bytes[i] >> 4];
    into[at++] = HEX_DIGITS[bytes[i] & 15];
  }
  return at;
}

/** Stages UTF-8 `bytes[start..end)` as code units when it is all ASCII (a unit per byte); -1 otherwise. */
function unitsOfAscii(bytes: Uint8Array, start: number, end: number): number {
  const into = unitsFor(end - start);
  let at = 0;
  for (let i = start; i < end; i++) {
    const byte = bytes[i];
    if (byte >= 0x80) return -1;
    into[at++] = byte;
  }
  return at;
}

/** Second result of {@link fmix32Pair}. */
let secondOfPair = 0;

/**
 * The `fmix32-v1` hash of the staged code units under two seeds, in one pass: per seed a 32-bit
 * FNV-1a and a second multiplicative hash, mixed by murmur3-style finalizers. Returns the first
 * and leaves the second in `secondOfPair`. Saved filters depend on these exact bits: changing
 * them needs a new `BLOOM_HASH`.
 */
function fmix32Pair(length: number, firstSeed: number, secondSeed: number): number {
  const codes = units;
  let a1 = (0x811c9dc5 ^ firstSeed) >>> 0;
  let a2 = (0x01000193 + Math.imul(firstSeed, 0x9e3779b1)) >>> 0;
  let b1 = (0x811c9dc5 ^ secondSeed) >>> 0;
  let b2 = (0x01000193 + Math.imul(secondSeed, 0x9e3779b1)) >>> 0;
  for (let i = 0; i < length; i++) {
    const code = codes[i];
    a1 = Math.imul(a1 ^ code, 0x01000193);
    a2 = Math.imul(a2 ^ code, 0x5bd1e995);
    b1 = Math.imul(b1 ^ code, 0x01000193);
    b2 = Math.imul(b2 ^ code, 0x5bd1e995);
  }
  secondOfPair = finalize(b1, b2);
  return finalize(a1, a2);
}

function finalize(h1: number, h2: number): number {
  h1 ^= h1 >>> 15;
  h1 = Math.imul(h1, 0x85ebca6b);
  h2 ^= h2 >>> 13;
  h2 = Math.imul(h2, 0xc2b2ae35);
  h1 ^= h2;
  h1 = Math.imul(h1 ^ (h1 >>> 16), 0x7feb352d);
  h1 = Math.imul(h1 ^ (h1 >>> 15), 0x846ca68b);
  return (h1 ^ (h1 >>> 16)) >>> 0;
}

/**
 * bloom-filters hashes with a pure-JS 64-bit xxhash (~10 µs per add, too slow for ingest). This
 * 32-bit hash is ~0.7 µs and keeps the 1 % false-positive rate; the library's sizing, bit set and
 * JSON format are kept, and readers look keys up through the library with this hashing.
 */
class Fmix32Hashing extends Hashing {
  override serialize(element: unknown, seed?: number): number {
    const value = seed ?? 0;
    return fmix32Pair(unitsOfText(String(element)), value, value);
  }
}

const hashing = new Fmix32Hashing();

/** The parts of the library's filter that adding keys from raw bytes and saving use directly. */
interface FilterInternals {
  _size: number;
  _nbHashes: number;
  _seed: number;
  _filter: { size: number; array: Uint8Array };
}

/** A Bloom filter over the keys of one block (see `bloomKey`). */
export class BlockBloom {
  private constructor(private readonly filter: BloomFilter) {}

  /** A filter sized for `keys` at a 1 % false-positive rate. */
  static of(keys: Iterable<string>, count: number): BlockBloom {
    const adder = new BitAdder(createFilter(count));
    for (const key of keys) adder.addStaged(unitsOfText(key));
    return new BlockBloom(adder.filter);
  }

  /**
   * The filter {@link of} builds from the stat keys of values `indexes` (hex for bytes, the text
   * for strings), hashed from the raw bytes without making a JS string per key.
   */
  static ofBinary(values: BinaryValues, indexes: ArrayLike<number>): BlockBloom {
    const adder = new BitAdder(createFilter(indexes.length));
    const { bytes, starts, ends } = values;
    for (let i = 0; i < indexes.length; i++) {
      const index = indexes[i];
      let length = values.type === 'bytes' ? unitsOfHex(bytes, starts[index], ends[index]) : unitsOfAscii(bytes, starts[index], ends[index]);
      if (length < 0) length = unitsOfText(textAt(values, index));
      adder.addStaged(length);
    }
    return new BlockBloom(adder.filter);
  }

  /** Loads a filter saved by {@link save}. */
  static load(saved: SavedBloom): BlockBloom {
    if (saved.hash !== BLOOM_HASH) throw new CorruptDataError(`unknown bloom hash ${saved.hash}`);
    const filter = BloomFilter.fromJSON(saved.filter as Parameters<typeof BloomFilter.fromJSON>[0]);
    useHashing(filter);
    return new BlockBloom(filter);
  }

  /** False means the key is certainly absent; true means it may be present. */
  mightContain(key: string): boolean {
    return this.filter.has(key);
  }

  /** The library's `saveAsJSON()` object, built directly (the library's generic export costs ~20 µs). */
  save(): SavedBloom {
    const { _size, _nbHashes, _filter, _seed } = this.filter as unknown as FilterInternals;
    const bits = _filter.array;
    const content = Buffer.from(bits.buffer, bits.byteOffset, bits.byteLength).toString('base64');
    return { hash: BLOOM_HASH, filter: { type: 'BloomFilter', _size, _nbHashes, _filter: { size: _filter.size, content }, _seed } };
  }
}

/**
 * Sets a key's bits in a library filter as its `add` would (Hashing.getIndexes with this module's
 * hashing), without the library's per-key index array and floating-point arithmetic.
 */
class BitAdder {
  private readonly bits: Uint8Array;
  private readonly size: number;
  private readonly hashCount: number;
  private readonly firstSeed: number;
  private readonly secondSeed: number;

  constructor(readonly filter: BloomFilter) {
    const internals = filter as unknown as FilterInternals;
    this.bits = internals._filter.array;
    this.size = internals._size;
    this.hashCount = internals._nbHashes;
    // The library hashes with seeds seed + 1 and seed + 2 (see Hashing.hashTwice).
    this.firstSeed = filter.seed + 1;
    this.secondSeed = filter.seed + 2;
  }

  /** Adds the key whose `length` code units are staged. */
  addStaged(length: number): void {
    const { bits, size } = this;
    const first = fmix32Pair(length, this.firstSeed, this.secondSeed);
    const step = uint32Modulo(secondOfPair, size);
    // The library's enhanced double hashing (Hashing.doubleHashing): bit n is
    // (first + n·second + (n³ - n) / 6) mod size. Stepped from bit n - 1 to n by adding
    // second + n(n - 1)/2, which keeps every sum small and exact without a modulo per bit.
    let bit = uint32Modulo(first, size);
    for (let n = 0; n < this.hashCount; n++) {
      if (n > 0) {
        bit += step + (n * (n - 1)) / 2;
        while (bit >= size) bit -= size;
      }
      bits[bit >> 3] |= 1 << (bit & 7);
    }
  }
}

/** `value % divisor` for a uint32 value and a positive int32 divisor in integer arithmetic (a double `%` is a slow fmod). */
function uint32Modulo(value: number, divisor: number): number {
  let rest = ((value >>> 1) % divisor) * 2 + (value & 1);
  if (rest >= divisor) rest -= divisor;
  return rest;
}

function createFilter(count: number): BloomFilter {
  const filter = BloomFilter.create(Math.max(1, count), BLOOM_FALSE_POSITIVE_RATE);
  useHashing(filter);
  return filter;
}

function useHashing(filter: BloomFilter): void {
  (filter as unknown as { _hashing: Hashing })._hashing = hashing;
}
