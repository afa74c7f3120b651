import type { BlockEncoding } from './block-encoding';
import { CorruptDataError } from '../errors';

/** Doubles as little-endian IEEE 754: exact for NaN payloads, ±0 and ±Inf; compression does the rest. */
export const plainDoubleEncoding: BlockEncoding = {
  id: 1,
  name: 'plain-double',
  types: ['double'],
  encode(dense, out) {
    if (dense.type !== 'double') throw new CorruptDataError(`plain-double cannot encode ${dense.type}`);
    const bytes = new Uint8Array(dense.values.buffer, dense.values.byteOffset, dense.values.byteLength);
    if (isLittleEndian) out.writeBytes(bytes);
    else for (const value of dense.values) out.writeFloat64(value);
  },
  decode(input, count) {
    const values = new Float64Array(count);
    for (let i = 0; i < count; i++) values[i] = input.readFloat64();
    return { type: 'double', values };
  },
};

const isLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
