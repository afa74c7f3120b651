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
    let previous = 0n;
    for (const value of dense.values) {
      const delta = BigInt.asIntN(64, value - previous);
      out.writeVarBigUint(zigZag(delta));
      previous = value;
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

function zigZag(value: bigint): bigint {
  return BigInt.asUintN(64, (value << 1n) ^ (value >> 63n));
}

function unZigZag(value: bigint): bigint {
  return (value >> 1n) ^ -(value & 1n);
}
