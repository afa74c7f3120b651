import type { BlockEncoding } from './block-encoding';
import { CorruptDataError } from '../errors';
import { plainBinaryEncoding } from './plain-binary-encoding';

/**
 * Low-cardinality strings: the distinct values once (plain-binary, in first-seen order), then one
 * varint index per value. The dictionary sits inside the block, so every block stands alone.
 */
export const dictionaryEncoding: BlockEncoding = {
  id: 4,
  name: 'dictionary',
  types: ['string', 'json'],
  encode(dense, out) {
    if (dense.type !== 'string' && dense.type !== 'json') throw new CorruptDataError(`dictionary cannot encode ${dense.type}`);
    const indexOf = new Map<string, number>();
    const entries: string[] = [];
    const indexes = new Uint32Array(dense.values.length);
    dense.values.forEach((value, i) => {
      let index = indexOf.get(value);
      if (index === undefined) {
        index = entries.length;
        indexOf.set(value, index);
        entries.push(value);
      }
      indexes[i] = index;
    });
    out.writeVarUint(entries.length);
    plainBinaryEncoding.encode({ type: dense.type, values: entries }, out);
    for (const index of indexes) out.writeVarUint(index);
  },
  decode(input, count, type) {
    if (type !== 'string' && type !== 'json') throw new CorruptDataError(`dictionary cannot decode ${type}`);
    const size = input.readVarUint();
    const entries = plainBinaryEncoding.decode(input, size, type).values as string[];
    const values: string[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const index = input.readVarUint();
      if (index >= size) throw new CorruptDataError('dictionary index out of range');
      values[i] = entries[index];
    }
    return { type, values };
  },
};
