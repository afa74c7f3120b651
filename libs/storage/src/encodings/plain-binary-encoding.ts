import type { BlockEncoding } from './block-encoding';
import { CorruptDataError } from '../errors';

/** Strings (UTF-8), JSON text and bytes as varint length + bytes, one after another. */
export const plainBinaryEncoding: BlockEncoding = {
  id: 3,
  name: 'plain-binary',
  types: ['string', 'json', 'bytes'],
  encode(dense, out) {
    if (dense.type === 'bytes') {
      for (const value of dense.values) {
        out.writeVarUint(value.length);
        out.writeBytes(value);
      }
      return;
    }
    if (dense.type !== 'string' && dense.type !== 'json') throw new CorruptDataError(`plain-binary cannot encode ${dense.type}`);
    for (const value of dense.values) out.writeLengthPrefixedUtf8(value);
  },
  decode(input, count, type) {
    if (type === 'bytes') {
      const values: Uint8Array[] = new Array(count);
      for (let i = 0; i < count; i++) values[i] = input.readBytes(input.readVarUint()).slice();
      return { type, values };
    }
    if (type !== 'string' && type !== 'json') throw new CorruptDataError(`plain-binary cannot decode ${type}`);
    const values: string[] = new Array(count);
    // Blocks are checksummed, so text is decoded without a second validation pass.
    for (let i = 0; i < count; i++) values[i] = input.readUtf8(input.readVarUint());
    return { type, values };
  },
};
