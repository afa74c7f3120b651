import type { BlockEncoding } from './block-encoding';
import type { ByteReader, ByteWriter } from './byte-buffer';
import type { BinaryValues } from './column-values';
import { CorruptDataError } from '../errors';

/** Strings (UTF-8), JSON text and bytes as varint length + bytes, one after another. */
export const plainBinaryEncoding: BlockEncoding = {
  id: 3,
  name: 'plain-binary',
  types: ['string', 'json', 'bytes'],
  encode(dense, out) {
    if (!('starts' in dense)) throw new CorruptDataError(`plain-binary cannot encode ${dense.type}`);
    writeRanges(dense, out, undefined);
  },
  decode(input, count, type) {
    if (type !== 'string' && type !== 'json' && type !== 'bytes') throw new CorruptDataError(`plain-binary cannot decode ${type}`);
    return readRanges(input, count, type);
  },
};

/** Writes values `indexes` (all when undefined) as varint length + bytes. */
export function writeRanges(values: BinaryValues, out: ByteWriter, indexes: ArrayLike<number> | undefined): void {
  out.writeRanges(values.bytes, values.starts, values.ends, indexes);
}

/** Reads `count` varint-length-prefixed values into one buffer, without decoding any text. */
export function readRanges(input: ByteReader, count: number, type: BinaryValues['type']): BinaryValues {
  const starts = new Int32Array(count);
  const ends = new Int32Array(count);
  const pieces: Uint8Array[] = new Array(count);
  let total = 0;
  for (let i = 0; i < count; i++) {
    pieces[i] = input.readBytes(input.readVarUint());
    starts[i] = total;
    total += pieces[i].length;
    ends[i] = total;
  }
  // Blocks are checksummed, so text is kept as bytes without a validation pass.
  const bytes = new Uint8Array(total);
  for (let i = 0; i < count; i++) bytes.set(pieces[i], starts[i]);
  return { type, bytes, starts, ends };
}
