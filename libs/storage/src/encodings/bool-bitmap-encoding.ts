import type { BlockEncoding } from './block-encoding';
import { CorruptDataError } from '../errors';

/** Booleans as a bitmap, least-significant bit first (Arrow's layout). */
export const boolBitmapEncoding: BlockEncoding = {
  id: 5,
  name: 'bool-bitmap',
  types: ['bool'],
  encode(dense, out) {
    if (dense.type !== 'bool') throw new CorruptDataError(`bool-bitmap cannot encode ${dense.type}`);
    const values = dense.values;
    const packed = new Uint8Array(Math.ceil(values.length / 8));
    for (let i = 0; i < values.length; i++) if (values[i] !== 0) packed[i >> 3] |= 1 << (i & 7);
    out.writeBytes(packed);
  },
  decode(input, count) {
    const packed = input.readBytes(Math.ceil(count / 8));
    const values = new Uint8Array(count);
    for (let i = 0; i < count; i++) values[i] = (packed[i >> 3] >> (i & 7)) & 1;
    return { type: 'bool', values };
  },
};
