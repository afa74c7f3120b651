import { Binary, Bool, Field, Float64, Int64, Schema, Table, Utf8, makeData, makeVector, type Vector } from 'apache-arrow';
import { TYPE_VARIANT_SEPARATOR } from './column-names';
import { UTF8_RANGE, Utf8Ranges, binaryValues, packBits, packValidity, utf8Values, type TextCell } from './column-buffers';
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
    const fields: Field[] = [];
    const vectors: Record<string, Vector> = {};
    for (const column of this.columnOrder) {
      const vector = column.toVector(this.rows);
      const metadata = new Map([[COLUMN_TYPE_METADATA_KEY, column.type]]);
      fields.push(new Field(column.name, vector.type, true, metadata));
      vectors[column.name] = vector;
    }
    const schema = new Schema(fields);
    const table = new Table(vectors);
    // Table(vectors) drops field metadata; rebuild it on the schema that carries our column types.
    return new Table(schema, table.batches);
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
   * For `string` and `json` columns: the value is `source[start, end)`, valid UTF-8, e.g. a field
   * of a request body. Nothing is decoded or allocated per cell; the bytes are copied at `build()`,
   * so `source` must stay unchanged until then.
   */
  setUtf8Range(row: number, source: Uint8Array, start: number, end: number): void;
  /** For `bytes` columns. */
  setBytes(row: number, value: Uint8Array): void;
  /** For `int64` columns. */
  setInt64(row: number, value: bigint): void;
  /** For `double` columns, and `bool` columns as 0 or 1. */
  setNumber(row: number, value: number): void;
}

/** One column's values while a batch is built; typed arrays for numbers, arrays for the rest. */
class ColumnBuilder implements ColumnWriter {
  private valid: Uint8Array;
  private numbers: Float64Array | BigInt64Array | Uint8Array | undefined;
  private objects: Array<string | Uint8Array | null> | undefined;
  private ranges: Utf8Ranges | undefined;

  constructor(
    readonly name: string,
    readonly type: ColumnType,
    capacity: number,
  ) {
    this.valid = new Uint8Array(capacity);
    if (type === 'int64') this.numbers = new BigInt64Array(capacity);
    else if (type === 'double') this.numbers = new Float64Array(capacity);
    else if (type === 'bool') this.numbers = new Uint8Array(capacity);
    else this.objects = new Array(capacity).fill(null);
  }

  grow(capacity: number): void {
    this.valid = copyInto(new Uint8Array(capacity), this.valid);
    if (this.numbers instanceof BigInt64Array) this.numbers = copyInto(new BigInt64Array(capacity), this.numbers);
    else if (this.numbers instanceof Float64Array) this.numbers = copyInto(new Float64Array(capacity), this.numbers);
    else if (this.numbers instanceof Uint8Array) this.numbers = copyInto(new Uint8Array(capacity), this.numbers);
    else if (this.objects !== undefined) {
      this.ranges?.grow(capacity);
      const previous = this.objects.length;
      this.objects.length = capacity;
      this.objects.fill(null, previous);
    }
  }

  setUtf8Range(row: number, source: Uint8Array, start: number, end: number): void {
    const ranges = (this.ranges ??= new Utf8Ranges(source, this.valid.length));
    if (ranges.source !== source) {
      // Another source than the column's first: keep a view (rare; costs an allocation).
      (this.objects as Array<string | Uint8Array | null>)[row] = source.subarray(start, end);
    } else {
      ranges.set(row, start, end);
      (this.objects as unknown[])[row] = UTF8_RANGE;
    }
    this.valid[row] = 1;
  }

  setString(row: number, value: string): void {
    (this.objects as Array<string | null>)[row] = value;
    this.valid[row] = 1;
  }

  setBytes(row: number, value: Uint8Array): void {
    (this.objects as Array<Uint8Array | null>)[row] = value;
    this.valid[row] = 1;
  }

  setInt64(row: number, value: bigint): void {
    (this.numbers as BigInt64Array)[row] = value;
    this.valid[row] = 1;
  }

  setNumber(row: number, value: number): void {
    (this.numbers as Float64Array | Uint8Array)[row] = value;
    this.valid[row] = 1;
  }

  toVector(length: number): Vector {
    const type = arrowTypeOf(this.type);
    const { bitmap, nullCount } = packValidity(this.valid, length);
    if (this.type === 'bytes') {
      const { valueOffsets, data } = binaryValues(this.objects as Array<Uint8Array | null>, length);
      return makeVector(makeData({ type: type as Binary, length, nullCount, nullBitmap: bitmap, valueOffsets, data }));
    }
    if (this.type === 'string' || this.type === 'json') {
      const { valueOffsets, data } = utf8Values(this.objects as Array<TextCell>, length, this.ranges);
      return makeVector(makeData({ type: type as Utf8, length, nullCount, nullBitmap: bitmap, valueOffsets, data }));
    }
    if (this.type === 'bool') {
      const packed = packBits(this.numbers as Uint8Array, length);
      return makeVector(makeData({ type: type as Bool, length, nullCount, nullBitmap: bitmap, data: packed }));
    }
    if (this.type === 'int64') {
      const data = (this.numbers as BigInt64Array).slice(0, length);
      return makeVector(makeData({ type: type as Int64, length, nullCount, nullBitmap: bitmap, data }));
    }
    const data = (this.numbers as Float64Array).slice(0, length);
    return makeVector(makeData({ type: type as Float64, length, nullCount, nullBitmap: bitmap, data }));
  }
}

function copyInto<T extends Uint8Array | Float64Array | BigInt64Array>(target: T, source: T): T {
  (target as Uint8Array).set(source as Uint8Array);
  return target;
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
