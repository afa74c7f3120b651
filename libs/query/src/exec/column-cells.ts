import { COLUMN_TYPE_METADATA_KEY, type ColumnType, type RowValue } from '@prism/contract';
import type { Field, RecordBatch, Vector } from 'apache-arrow';
import type { Comparable } from '../plan/literals';
import { CachedUtf8Decoder, utf8BuffersOf } from './utf8-cells';

/**
 * Typed access to one column of a record batch. Numbers are read straight from the Arrow value
 * buffers; a column missing from the segment reads as all nulls, as the row model says.
 */
export interface CellReader {
  readonly type: ColumnType | undefined;
  isNull(row: number): boolean;
  /** The cell as a comparable (bytes as hex), or null. */
  comparable(row: number): Comparable | null;
  /** The cell as a JS value (`rowsOf` style), or null. */
  value(row: number): RowValue;
  /** The cell as a number for numeric aggregates, or null (non-numeric cells are null). */
  number(row: number): number | null;
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** Lower-case hex of bytes. */
export function hexOf(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]];
  return out;
}

/** The Prism type of a field (recorded in its metadata by storage and the row batch builder). */
export function columnTypeOf(field: Field): ColumnType | undefined {
  return field.metadata.get(COLUMN_TYPE_METADATA_KEY) as ColumnType | undefined;
}

/** A reader of column `name` in `batch`; all-null when the batch has no such column. */
export function cellReader(batch: RecordBatch, name: string): CellReader {
  const field = batch.schema.fields.find((candidate) => candidate.name === name);
  const vector = field === undefined ? null : batch.getChild(name);
  if (field === undefined || vector === null) return NULL_READER;
  return readerOf(vector, columnTypeOf(field));
}

const NULL_READER: CellReader = {
  type: undefined,
  isNull: () => true,
  comparable: () => null,
  value: () => null,
  number: () => null,
};

function readerOf(vector: Vector, type: ColumnType | undefined): CellReader {
  const data = vector.data[0];
  const bitmap = data.nullCount > 0 ? data.nullBitmap : undefined;
  const offset = data.offset;
  const isNull =
    bitmap === undefined || bitmap.length === 0
      ? () => false
      : (row: number) => {
          const bit = row + offset;
          return (bitmap[bit >> 3] & (1 << (bit & 7))) === 0;
        };
  if (type === 'int64') {
    const values = data.values as BigInt64Array;
    return {
      type,
      isNull,
      comparable: (row) => (isNull(row) ? null : values[row + offset]),
      value: (row) => (isNull(row) ? null : values[row + offset]),
      number: (row) => (isNull(row) ? null : Number(values[row + offset])),
    };
  }
  if (type === 'double') {
    const values = data.values as Float64Array;
    return {
      type,
      isNull,
      comparable: (row) => (isNull(row) ? null : values[row + offset]),
      value: (row) => (isNull(row) ? null : values[row + offset]),
      number: (row) => (isNull(row) ? null : values[row + offset]),
    };
  }
  const buffers = type === 'string' || type === 'json' ? utf8BuffersOf(data) : undefined;
  if (buffers !== undefined) {
    const decoder = new CachedUtf8Decoder(buffers);
    const text = (row: number): string | null => (isNull(row) ? null : decoder.textAt(row));
    return { type, isNull, comparable: text, value: text, number: () => null };
  }
  const get = (row: number): RowValue => (isNull(row) ? null : ((vector.get(row) as RowValue | undefined) ?? null));
  return {
    type,
    isNull,
    comparable: (row) => {
      const value = get(row);
      return value instanceof Uint8Array ? hexOf(value) : (value as Comparable | null);
    },
    value: get,
    number: () => null,
  };
}
