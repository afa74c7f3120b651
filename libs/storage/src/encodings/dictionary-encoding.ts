import type { BlockEncoding } from './block-encoding';
import { CorruptDataError } from '../errors';
import { distinctOf } from './distinct-values';
import { readRanges, writeRanges } from './plain-binary-encoding';

/**
 * Low-cardinality strings: the distinct values once (plain-binary, in first-seen order), then one
 * varint index per value. The dictionary sits inside the block, so every block stands alone.
 */
export const dictionaryEncoding: BlockEncoding = {
  id: 4,
  name: 'dictionary',
  types: ['string', 'json'],
  encode(dense, out, known) {
    if (dense.type !== 'string' && dense.type !== 'json') throw new CorruptDataError(`dictionary cannot encode ${dense.type}`);
    const distinct = known ?? distinctOf(dense);
    out.writeVarUint(distinct.count);
    writeRanges(dense, out, distinct.firsts);
    out.writeVarUints(distinct.ids);
  },
  decode(input, count, type) {
    if (type !== 'string' && type !== 'json') throw new CorruptDataError(`dictionary cannot decode ${type}`);
    const size = input.readVarUint();
    const entries = readRanges(input, size, type);
    const starts = new Int32Array(count);
    const ends = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const index = input.readVarUint();
      if (index >= size) throw new CorruptDataError('dictionary index out of range');
      starts[i] = entries.starts[index];
      ends[i] = entries.ends[index];
    }
    return { type, bytes: entries.bytes, starts, ends };
  },
};
