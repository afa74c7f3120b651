import { Binary, Bool, Float64, Int64, Utf8, type DataType } from 'apache-arrow';

/**
 * The value types a column can hold. They keep OTLP's value types: string, int (int64), double,
 * bool, bytes; arrays and key-value lists are stored as JSON text.
 */
export type ColumnType = 'string' | 'int64' | 'double' | 'bool' | 'bytes' | 'json';

/** Field metadata key that records a column's Prism type (Arrow alone cannot tell JSON from text). */
export const COLUMN_TYPE_METADATA_KEY = 'prism.type';

/** The Arrow type a column of this Prism type is stored as. */
export function arrowTypeOf(type: ColumnType): DataType {
  switch (type) {
    case 'string':
    case 'json':
      return new Utf8();
    case 'int64':
      return new Int64();
    case 'double':
      return new Float64();
    case 'bool':
      return new Bool();
    case 'bytes':
      return new Binary();
  }
}

/** A value with its column type, as attribute values arrive. */
export type TypedValue =
  | { type: 'string'; value: string }
  | { type: 'int64'; value: bigint }
  | { type: 'double'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'bytes'; value: Uint8Array }
  | { type: 'json'; value: string };
