import type { RowBatchBuilder } from '@prism/contract';
import { anyValueToJson, type AnyValue, type KeyValue } from '@prism/otlp';

/**
 * Writes OTLP attributes into a row under a column prefix, keeping each value's OTLP type. Column
 * names are cached per key so a batch of spans with the same attribute keys concatenates each name
 * once, and values go straight to the builder without an intermediate TypedValue.
 */
export class AttributeWriter {
  private readonly columnsByKey = new Map<string, string>();

  constructor(
    private readonly builder: RowBatchBuilder,
    readonly prefix: string,
  ) {}

  /** The column holding attribute `key`. */
  columnOf(key: string): string {
    let column = this.columnsByKey.get(key);
    if (column === undefined) {
      column = this.prefix + key;
      this.columnsByKey.set(key, column);
    }
    return column;
  }

  /** Writes each attribute of the current row; empty values are left null. */
  write(attributes: readonly KeyValue[]): void {
    for (let index = 0; index < attributes.length; index++) {
      const attribute = attributes[index];
      writeAnyValue(this.builder, this.columnOf(attribute.key), attribute.value);
    }
  }
}

/** Writes one AnyValue into `column` of the current row; arrays and kvlists become JSON text. */
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
