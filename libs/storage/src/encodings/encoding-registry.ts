import type { ColumnType } from '@prism/contract';
import type { BlockEncoding } from './block-encoding';
import { boolBitmapEncoding } from './bool-bitmap-encoding';
import { deltaVarintEncoding } from './delta-varint-encoding';
import { dictionaryEncoding } from './dictionary-encoding';
import { plainBinaryEncoding } from './plain-binary-encoding';
import { plainDoubleEncoding } from './plain-double-encoding';
import { CorruptDataError } from '../errors';

/** Every encoding that was ever written, by id. Old ids stay here so old blocks stay readable. */
export const allEncodings: readonly BlockEncoding[] = [plainDoubleEncoding, deltaVarintEncoding, plainBinaryEncoding, dictionaryEncoding, boolBitmapEncoding];

const byId = new Map(allEncodings.map((encoding) => [encoding.id, encoding]));

/** The encoding a block names in its header. */
export function encodingById(id: number): BlockEncoding {
  const encoding = byId.get(id);
  if (encoding === undefined) throw new CorruptDataError(`unknown block encoding id ${id}`);
  return encoding;
}

/** What the writer knows about a column block when it picks an encoding. */
export interface EncodingHints {
  /** The caller asked for a dictionary on this column. */
  dictionary: boolean;
  distinctCount: number;
  valueCount: number;
}

/**
 * Picks the encoding for a block: dictionary for strings that were configured for it or repeat a
 * lot (at most one distinct value in four), delta-varint for int64, plain otherwise.
 */
export function chooseEncoding(type: ColumnType, hints: EncodingHints): BlockEncoding {
  switch (type) {
    case 'int64':
      return deltaVarintEncoding;
    case 'double':
      return plainDoubleEncoding;
    case 'bool':
      return boolBitmapEncoding;
    case 'bytes':
      return plainBinaryEncoding;
    case 'string':
    case 'json':
      return hints.dictionary || hints.distinctCount * 4 <= hints.valueCount ? dictionaryEncoding : plainBinaryEncoding;
  }
}
