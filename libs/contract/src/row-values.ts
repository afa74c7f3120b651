import type { RowBatch } from './row-batch-builder';

/** A row's cell values as JS values: string, bigint, number, boolean, Uint8Array or null. */
export type RowValue = string | bigint | number | boolean | Uint8Array | null;

/**
 * The rows of a batch as plain objects, leaving out null cells. For tests, formatting and
 * small result sets; query execution works on the columns.
 */
export function rowsOf(batch: RowBatch): Array<Record<string, RowValue>> {
  const columns = batch.schema.fields.map((field) => ({ name: field.name, vector: batch.getChild(field.name) }));
  const rows: Array<Record<string, RowValue>> = [];
  for (let index = 0; index < batch.numRows; index++) {
    const row: Record<string, RowValue> = {};
    for (const { name, vector } of columns) {
      const value = vector?.get(index) as RowValue | undefined;
      if (value !== null && value !== undefined) row[name] = value;
    }
    rows.push(row);
  }
  return rows;
}
