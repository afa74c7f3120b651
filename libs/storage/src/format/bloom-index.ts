import { BloomFilter, Hashing } from 'bloom-filters';
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
 * bloom-filters hashes with a pure-JS 64-bit xxhash (~10 µs per add, too slow for ingest). This
 * 32-bit FNV-1a + murmur3-finalizer hash is ~0.7 µs and keeps the 1 % false-positive rate; the
 * library's sizing, bit set and JSON format are kept.
 */
class Fmix32Hashing extends Hashing {
  override serialize(element: unknown, seed?: number): number {
    const text = String(element);
    let h1 = (0x811c9dc5 ^ (seed ?? 0)) >>> 0;
    let h2 = (0x01000193 + Math.imul(seed ?? 0, 0x9e3779b1)) >>> 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ code, 0x01000193);
      h2 = Math.imul(h2 ^ code, 0x5bd1e995);
    }
    h1 ^= h1 >>> 15;
    h1 = Math.imul(h1, 0x85ebca6b);
    h2 ^= h2 >>> 13;
    h2 = Math.imul(h2, 0xc2b2ae35);
    h1 ^= h2;
    h1 = Math.imul(h1 ^ (h1 >>> 16), 0x7feb352d);
    h1 = Math.imul(h1 ^ (h1 >>> 15), 0x846ca68b);
    return (h1 ^ (h1 >>> 16)) >>> 0;
  }
}

const hashing = new Fmix32Hashing();

/** A Bloom filter over the keys of one block (see `bloomKey`). */
export class BlockBloom {
  private constructor(private readonly filter: BloomFilter) {}

  /** A filter sized for `keys` at a 1 % false-positive rate. */
  static of(keys: Iterable<string>, count: number): BlockBloom {
    const filter = BloomFilter.create(Math.max(1, count), BLOOM_FALSE_POSITIVE_RATE);
    useHashing(filter);
    for (const key of keys) filter.add(key);
    return new BlockBloom(filter);
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

  save(): SavedBloom {
    return { hash: BLOOM_HASH, filter: this.filter.saveAsJSON() };
  }
}

function useHashing(filter: BloomFilter): void {
  (filter as unknown as { _hashing: Hashing })._hashing = hashing;
}
