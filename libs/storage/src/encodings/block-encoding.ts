import type { ColumnType } from '@prism/contract';
import type { ByteReader, ByteWriter } from './byte-buffer';
import type { DenseValues } from './column-values';
import type { DistinctValues } from './distinct-values';

/**
 * One way of turning a column's non-null values into bytes. Encodings are identified on disk by
 * their numeric `id`, which never changes or gets reused once data was written with it.
 */
export interface BlockEncoding {
  readonly id: number;
  readonly name: string;
  /** Column types this encoding can store. */
  readonly types: readonly ColumnType[];
  /** Writes the values; `distinct` (from the block's stats) saves recomputing them when given. */
  encode(dense: DenseValues, out: ByteWriter, distinct?: DistinctValues): void;
  /** Reads `count` values of column type `type`. */
  decode(input: ByteReader, count: number, type: ColumnType): DenseValues;
}
