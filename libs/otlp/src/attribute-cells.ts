import type { RowBatchBuilder, TypedValue } from '@prism/contract';
import { anyValueToJson, anyValueToTyped } from './any-value';
import type { AnyValue, KeyValue } from './model';

/** One attribute ready to be written: its column name and typed value. */
export interface AttributeCell {
  readonly column: string;
  readonly value: TypedValue;
}

/** Column names under one prefix, concatenated once per key and batch rather than once per row. */
export class AttributeColumnNames {
  private readonly byKey = new Map<string, string>();

  constructor(readonly prefix: string) {}

  /** The column of attribute `key`. */
  of(key: string): string {
    let column = this.byKey.get(key);
    if (column === undefined) {
      column = this.prefix + key;
      this.byKey.set(key, column);
    }
    return column;
  }
}

/**
 * Resolves attributes to cells once, so a resource's or scope's attributes are converted a single
 * time and then copied into every row below it. Empty values are left out (they would be null).
 *
 * @example attributeCells('resource.', resource.attributes) // [{ column: 'resource.service.name', value: { type: 'string', value: 'api' } }]
 */
export function attributeCells(prefix: string | AttributeColumnNames, attributes: readonly KeyValue[]): AttributeCell[] {
  const cells: AttributeCell[] = [];
  for (const attribute of attributes) {
    const value = anyValueToTyped(attribute.value);
    if (value === undefined) continue;
    cells.push({ column: typeof prefix === 'string' ? prefix + attribute.key : prefix.of(attribute.key), value });
  }
  return cells;
}

/** Writes cells into the current row of `builder`, in order. */
export function writeCells(builder: RowBatchBuilder, cells: readonly AttributeCell[]): void {
  for (let index = 0; index < cells.length; index++) builder.setValue(cells[index].column, cells[index].value);
}

/** Writes a record's own attributes straight into the current row (no intermediate cells); empty values stay null. */
export function writeAttributes(builder: RowBatchBuilder, columns: AttributeColumnNames, attributes: readonly KeyValue[]): void {
  for (let index = 0; index < attributes.length; index++) {
    writeAnyValue(builder, columns.of(attributes[index].key), attributes[index].value);
  }
}

/** Writes one AnyValue into `column` of the current row, keeping its OTLP type; arrays and kvlists become JSON text. */
export function writeAnyValue(builder: RowBatchBuilder, column: string, value: AnyValue): void {
  switch (value.kind) {
    case 'string':
      return builder.setString(column, value.value);
    case 'bool':
      return builder.setBool(column, value.value);
    case 'int':
      return builder.setInt64(column, value.value);
    case 'double':
      return builder.setDouble(column, value.value);
    case 'bytes':
      return builder.setBytes(column, value.value);
    case 'array':
    case 'kvlist':
      return builder.setJson(column, JSON.stringify(anyValueToJson(value)));
    case 'empty':
      return;
  }
}
