import { Binary, Bool, Field, Float64, Int64, RecordBatch, Schema, Struct, Table, Utf8, makeData, type Data } from 'apache-arrow';
import { TYPE_VARIANT_SEPARATOR } from './column-names';
import { BitmapBuffer, VarBinaryBuffer, trimmed } from './column-buffers';
import { COLUMN_TYPE_METADATA_KEY, arrowTypeOf, type ColumnType, type TypedValue } from './column-types';

/** A batch of eventized rows: an Arrow table whose columns follow the unified row model. */
export type RowBatch = Table;

/** Options of {@link RowBatchBuilder}. */
export interface RowBatchBuilderOptions {
  /** Rows to allocate for up front; columns grow by doubling past it. */
  initialCapacity: number;
}

export function defaultRowBatchBuilderOptions(): RowBatchBuilderOptions {
  return { initialCapacity: 1024 };
}

/**
 * Builds a {@link RowBatch} row by row. Columns are created on first sight; a row that does not set
 * a column holds null there. A key that arrives with a second value type gets its own column
 * (`name#type`), so values keep their OTLP type.
 *
 * @example
 * const builder = new RowBatchBuilder();
 * builder.startRow();
 * builder.setString('name', 'GET /users');
 * builder.setInt64('timestamp', 1700000000000000000n);
 * const batch = builder.build();
 */
export class RowBatchBuilder {
  private readonly columnsByName = new Map<string, ColumnBuilder>();
  private readonly columnOrder: ColumnBuilder[] = [];
  private capacity: number;
  private rows = 0;

  constructor(options: Partial<RowBatchBuilderOptions> = {}) {
    this.capacity = Math.max(1, options.initialCapacity ?? defaultRowBatchBuilderOptions().initialCapacity);
  }

  /** Rows started so far. */
  get rowCount(): number {
    return this.rows;
  }

  /** Starts a new row; the setters that follow write into it. Returns its index. */
  startRow(): number {
    if (this.rows === this.capacity) {
      this.capacity *= 2;
      for (const column of this.columnOrder) column.grow(this.capacity);
    }
    return this.rows++;
  }

  setString(name: string, value: string): void {
    this.columnFor(name, 'string').setString(this.currentRow(), value);
  }

  setJson(name: string, json: string): void {
    this.columnFor(name, 'json').setString(this.currentRow(), json);
  }

  setInt64(name: string, value: bigint): void {
    this.columnFor(name, 'int64').setInt64(this.currentRow(), value);
  }

  setDouble(name: string, value: number): void {
    this.columnFor(name, 'double').setNumber(this.currentRow(), value);
  }

  setBool(name: string, value: boolean): void {
    this.columnFor(name, 'bool').setNumber(this.currentRow(), value ? 1 : 0);
  }

  setBytes(name: string, value: Uint8Array): void {
    this.columnFor(name, 'bytes').setBytes(this.currentRow(), value);
  }

  /** Writes a value of any type, e.g. an attribute. */
  setValue(name: string, typed: TypedValue): void {
    writeTypedValue(this.columnFor(name, typed.type), this.currentRow(), typed);
  }

  /**
   * The writer of column `name` for values of `type` (created on first call; a second type of one
   * name gets its `name#type` variant). Hot loops fetch writers once and write by row index,
   * skipping the per-cell name lookup of the `setX(name, value)` calls.
   */
  column(name: string, type: ColumnType): ColumnWriter {
    return this.columnFor(name, type);
  }

  /** The columns created so far, in order of first sight, with their types. */
  columns(): Array<{ name: string; type: ColumnType }> {
    return this.columnOrder.map((column) => ({ name: column.name, type: column.type }));
  }

  /** Finishes the batch. The builder can be reused afterwards only by creating a new one. */
  build(): RowBatch {
    // No columns: what `new Table({})` gives, an empty batch whatever the row count.
    if (this.columnOrder.length === 0) return new Table(new Schema([]), [new RecordBatch({})]);
    const length = this.rows;
    const fields: Field[] = [];
    const batchFields: Field[] = [];
    const children: Data[] = [];
    for (const column of this.columnOrder) {
      const data = column.toData(length);
      const metadata = new Map([[COLUMN_TYPE_METADATA_KEY, column.type]]);
      fields.push(new Field(column.name, data.type, true, metadata));
      // The record batch's own schema is what `new Table({ name: vector })` would give it.
      batchFields.push(new Field(column.name, data.type, data.nullable));
      children.push(data);
    }
    const batchSchema = new Schema(batchFields);
    const batch = new RecordBatch(batchSchema, makeData({ type: new Struct(batchFields), length, nullCount: 0, children }));
    // The table's schema carries our column types as field metadata.
    return new Table(new Schema(fields), [batch]);
  }

  private currentRow(): number {
    if (this.rows === 0) throw new Error('RowBatchBuilder: startRow() must be called before setting values');
    return this.rows - 1;
  }

  private columnFor(name: string, type: ColumnType): ColumnBuilder {
    const existing = this.columnsByName.get(name);
    if (existing !== undefined && existing.type === type) return existing;
    const columnName = existing === undefined ? name : name + TYPE_VARIANT_SEPARATOR + type;
    const variant = this.columnsByName.get(columnName);
    if (variant !== undefined) return variant;
    const created = new ColumnBuilder(columnName, type, this.capacity);
    this.columnsByName.set(columnName, created);
    this.columnOrder.push(created);
    return created;
  }
}

/** Writes one column's cells by row index; use the setter that matches the column's type. */
export interface ColumnWriter {
  readonly name: string;
  readonly type: ColumnType;
  /** For `string` and `json` columns. */
  setString(row: number, value: string): void;
  /**
   * For `string` and `json` columns: the value is `source[start, end)`, e.g. a field of a request
   * body, copied as it is (nothing decoded or allocated per cell) when it is valid UTF-8. Returns
   * false, leaving the cell null, when it is not: the caller decides how such bytes decode.
   */
  setUtf8Range(row: number, source: Uint8Array, start: number, end: number): boolean;
  /** For `bytes` columns. */
  setBytes(row: number, value: Uint8Array): void;
  /** For `bytes` columns: the value is `source[start, end)`, copied without a view per cell. */
  setBytesRange(row: number, source: Uint8Array, start: number, end: number): void;
  /** For `int64` columns. */
  setInt64(row: number, value: bigint): void;
  /**
   * For `int64` columns: the value whose low and high 32 bits are `low` and `high` (signed or
   * unsigned words; the 64 bits are stored as they are). Saves making a bigint per cell.
   */
  setInt64Words(row: number, low: number, high: number): void;
  /** For `double` columns, and `bool` columns as 0 or 1. */
  setNumber(row: number, value: number): void;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * One column's values while a batch is built, kept as the Arrow buffers they end up in: typed
 * arrays for numbers, bitmaps for validity and booleans, offsets + bytes for text and bytes.
 */
class ColumnBuilder implements ColumnWriter {
  private readonly validity: BitmapBuffer;
  private int64s: BigInt64Array | undefined;
  /** The 32-bit words of `int64s` (little-endian platforms only). */
  private int64Words: Int32Array | undefined;
  private doubles: Float64Array | undefined;
  private bools: BitmapBuffer | undefined;
  private readonly varBinary: VarBinaryBuffer | undefined;

  constructor(
    readonly name: string,
    readonly type: ColumnType,
    capacity: number,
  ) {
    this.validity = new BitmapBuffer(capacity);
    if (type === 'int64') this.setInt64Capacity(capacity);
    else if (type === 'double') this.doubles = new Float64Array(capacity);
    else if (type === 'bool') this.bools = new BitmapBuffer(capacity);
    else this.varBinary = new VarBinaryBuffer(capacity);
  }

  grow(capacity: number): void {
    this.validity.grow(capacity);
    if (this.int64s !== undefined) {
      const previous = this.int64s;
      this.setInt64Capacity(capacity);
      (this.int64s as BigInt64Array).set(previous);
    } else if (this.doubles !== undefined) {
      const doubles = new Float64Array(capacity);
      doubles.set(this.doubles);
      this.doubles = doubles;
    } else if (this.bools !== undefined) this.bools.grow(capacity);
    else this.varBinary?.grow(capacity);
  }

  private setInt64Capacity(capacity: number): void {
    const int64s = new BigInt64Array(capacity);
    this.int64s = int64s;
    if (LITTLE_ENDIAN) this.int64Words = new Int32Array(int64s.buffer);
  }

  setUtf8Range(row: number, source: Uint8Array, start: number, end: number): boolean {
    const valid = (this.varBinary as VarBinaryBuffer).setUtf8Range(row, source, start, end);
    if (valid) this.validity.set(row);
    else this.validity.clear(row);
    return valid;
  }

  setBytesRange(row: number, source: Uint8Array, start: number, end: number): void {
    (this.varBinary as VarBinaryBuffer).setRange(row, source, start, end);
    this.validity.set(row);
  }

  setString(row: number, value: string): void {
    (this.varBinary as VarBinaryBuffer).setString(row, value);
    this.validity.set(row);
  }

  setBytes(row: number, value: Uint8Array): void {
    (this.varBinary as VarBinaryBuffer).setRange(row, value, 0, value.length);
    this.validity.set(row);
  }

  setInt64(row: number, value: bigint): void {
    (this.int64s as BigInt64Array)[row] = value;
    this.validity.set(row);
  }

  setInt64Words(row: number, low: number, high: number): void {
    const words = this.int64Words;
    if (words !== undefined) {
      words[row * 2] = low;
      words[row * 2 + 1] = high;
    } else (this.int64s as BigInt64Array)[row] = BigInt.asIntN(64, (BigInt(high >>> 0) << 32n) | BigInt(low >>> 0));
    this.validity.set(row);
  }

  setNumber(row: number, value: number): void {
    const bools = this.bools;
    if (bools === undefined) (this.doubles as Float64Array)[row] = value;
    else if (value !== 0) bools.set(row);
    else bools.clear(row);
    this.validity.set(row);
  }

  toData(length: number): Data {
    const type = arrowTypeOf(this.type);
    const nullBitmap = this.validity.finish(length);
    const nullCount = length - this.validity.countSet(length);
    if (this.type === 'bytes') {
      const { valueOffsets, data } = (this.varBinary as VarBinaryBuffer).finish(length);
      return makeData({ type: type as Binary, length, nullCount, nullBitmap, valueOffsets, data });
    }
    if (this.type === 'string' || this.type === 'json') {
      const { valueOffsets, data } = (this.varBinary as VarBinaryBuffer).finish(length);
      return makeData({ type: type as Utf8, length, nullCount, nullBitmap, valueOffsets, data });
    }
    if (this.type === 'bool') {
      const data = (this.bools as BitmapBuffer).finish(length);
      return makeData({ type: type as Bool, length, nullCount, nullBitmap, data });
    }
    if (this.type === 'int64') {
      const data = trimmed(this.int64s as BigInt64Array, length);
      return makeData({ type: type as Int64, length, nullCount, nullBitmap, data });
    }
    const data = trimmed(this.doubles as Float64Array, length);
    return makeData({ type: type as Float64, length, nullCount, nullBitmap, data });
  }
}

/** Writes a typed value through a writer of its column type (hot loops keep writers; see `column`). */
export function writeTypedValue(writer: ColumnWriter, row: number, typed: TypedValue): void {
  switch (typed.type) {
    case 'string':
    case 'json':
      return writer.setString(row, typed.value);
    case 'int64':
      return writer.setInt64(row, typed.value);
    case 'double':
      return writer.setNumber(row, typed.value);
    case 'bool':
      return writer.setNumber(row, typed.value ? 1 : 0);
    case 'bytes':
      return writer.setBytes(row, typed.value);
  }
}
