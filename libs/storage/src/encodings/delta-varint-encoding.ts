import type { BlockEncoding } from './block-encoding';
import { CorruptDataError } from '../errors';

/**
 * int64 as zig-zag varints of the difference to the previous value (the first to zero). Differences
 * wrap in 64 bits, so int64 min/max round-trip; close timestamps take 2–6 bytes instead of 8.
 */
export const deltaVarintEncoding: BlockEncoding = {
  id: 2,
  name: 'delta-varint',
  types: ['int64'],
  encode(dense, out) {
    if (dense.type !== 'int64') throw new CorruptDataError(`delta-varint cannot encode ${dense.type}`);
    // 64-bit arithmetic on 32-bit word pairs: a BigInt per value costs more than the rest together.
    const words = new Int32Array(dense.values.buffer, dense.values.byteOffset, dense.values.length * 2);
    let previousLow = 0;
    let previousHigh = 0;
    for (let i = 0; i < dense.values.length; i++) {
      const low = words[i * 2];
      const high = words[i * 2 + 1];
      const borrow = low >>> 0 < previousLow >>> 0 ? 1 : 0;
      const deltaLow = (low - previousLow) | 0;
      const deltaHigh = (high - previousHigh - borrow) | 0;
      // Zig-zag: (delta << 1) ^ (delta >> 63).
      const sign = deltaHigh >> 31;
      out.writeVarUint64(((deltaHigh << 1) | (deltaLow >>> 31)) ^ sign, (deltaLow << 1) ^ sign);
      previousLow = low;
      previousHigh = high;
    }
  },
  decode(input, count) {
    const values = new BigInt64Array(count);
    let previous = 0n;
    for (let i = 0; i < count; i++) {
      previous = BigInt.asIntN(64, previous + unZigZag(input.readVarBigUint()));
      values[i] = previous;
    }
    return { type: 'int64', values };
  },
};

function unZigZag(value: bigint): bigint {
  return (value >> 1n) ^ -(value & 1n);
}
