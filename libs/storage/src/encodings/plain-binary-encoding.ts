import type { BlockEncoding } from './block-encoding';
import { CorruptDataError } from '../errors';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

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
    for (const value of dense.values) {
      const bytes = encoder.encode(value);
      out.writeVarUint(bytes.length);
      out.writeBytes(bytes);
    }
  },
  decode(input, count, type) {
    if (type === 'bytes') {
      const values: Uint8Array[] = new Array(count);
      for (let i = 0; i < count; i++) values[i] = input.readBytes(input.readVarUint()).slice();
      return { type, values };
    }
    if (type !== 'string' && type !== 'json') throw new CorruptDataError(`plain-binary cannot decode ${type}`);
    const values: string[] = new Array(count);
    for (let i = 0; i < count; i++) values[i] = decodeUtf8(input.readBytes(input.readVarUint()));
    return { type, values };
  },
};

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new CorruptDataError('invalid UTF-8 in a string block');
  }
}
