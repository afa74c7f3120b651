/**
 * A HyperLogLog cardinality sketch (Flajolet et al. 2007) with 2^12 registers (~1.6 % standard
 * error) over a 32-bit FNV-1a hash with a murmur3 finalizer.
 *
 * Why not `bloom-filters`' HyperLogLog: measured here it takes ~2.5 s per 10k updates (it hashes
 * with a JS xxhash64 and parses the hash through a binary string), and its registers store the
 * zero-based position of the first 1-bit, so its small-range correction is wrong (100 distinct
 * values estimate as ~48). This one costs well under a microsecond per update.
 */
export class HyperLogLog {
  private static readonly PRECISION = 12;
  private readonly registers = new Uint8Array(1 << HyperLogLog.PRECISION);

  /** Adds a value by its text key. */
  add(key: string): void {
    const hash = hash32(key);
    const index = hash >>> (32 - HyperLogLog.PRECISION);
    const rest = (hash << HyperLogLog.PRECISION) >>> 0;
    // Rank: position of the first 1-bit in the remaining bits, counted from 1.
    const rank = rest === 0 ? 32 - HyperLogLog.PRECISION + 1 : Math.clz32(rest) + 1;
    if (rank > this.registers[index]) this.registers[index] = rank;
  }

  /** The estimated number of distinct values added. */
  estimate(): number {
    const m = this.registers.length;
    let sum = 0;
    let zeros = 0;
    for (const register of this.registers) {
      sum += 2 ** -register;
      if (register === 0) zeros++;
    }
    const alpha = 0.7213 / (1 + 1.079 / m);
    const raw = (alpha * m * m) / sum;
    if (raw <= 2.5 * m && zeros > 0) return m * Math.log(m / zeros); // linear counting for small sets
    const two32 = 2 ** 32;
    if (raw > two32 / 30) return -two32 * Math.log(1 - raw / two32);
    return raw;
  }
}

/** FNV-1a over UTF-16 code units, then the murmur3 fmix32 finalizer to spread the bits. */
export function hash32(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
