import type { RowBatchBuilder, TypedValue } from '@prism/contract';
import { anyValueToTyped, type KeyValue } from '@prism/otlp';

/** One attribute ready to be written: its column name and typed value. */
export interface AttributeCell {
  readonly column: string;
  readonly value: TypedValue;
}

/**
 * Resolves attributes to cells once, so a resource's or scope's attributes are converted a single
 * time and then copied into every row below it. Empty values are left out (they would be null).
 */
export function attributeCells(prefix: string | AttributeColumnNames, attributes: readonly KeyValue[]): AttributeCell[] {
  const columns = typeof prefix === 'string' ? undefined : prefix;
  const cells: AttributeCell[] = [];
  for (const attribute of attributes) {
    const value = anyValueToTyped(attribute.value);
    if (value === undefined) continue;
    cells.push({ column: columns === undefined ? prefix + attribute.key : columns.of(attribute.key), value });
  }
  return cells;
}

/** Writes cells into the current row. */
export function writeCells(builder: RowBatchBuilder, cells: readonly AttributeCell[]): void {
  for (let index = 0; index < cells.length; index++) builder.setValue(cells[index].column, cells[index].value);
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

/** Writes a record's own attributes straight into the current row (no intermediate cells). */
export function writeAttributes(builder: RowBatchBuilder, columns: AttributeColumnNames, attributes: readonly KeyValue[]): void {
  for (let index = 0; index < attributes.length; index++) {
    const value = anyValueToTyped(attributes[index].value);
    if (value !== undefined) builder.setValue(columns.of(attributes[index].key), value);
  }
}
