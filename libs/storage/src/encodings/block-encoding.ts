import type { ColumnType } from '@prism/contract';
import type { ByteReader, ByteWriter } from './byte-buffer';
import type { DenseValues } from './column-values';

/**
 * One way of turning a column's non-null values into bytes. Encodings are identified on disk by
 * their numeric `id`, which never changes or gets reused once data was written with it.
 */
export interface BlockEncoding {
  readonly id: number;
  readonly name: string;
  /** Column types this encoding can store. */
  readonly types: readonly ColumnType[];
  encode(dense: DenseValues, out: ByteWriter): void;
  /** Reads `count` values of column type `type`. */
  decode(input: ByteReader, count: number, type: ColumnType): DenseValues;
}
