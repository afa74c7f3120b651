import { rowsOf, type RowBatch } from '@prism/contract';

/** Rows as plain JSON for golden files: bigint → decimal string, bytes → `hex:<lower-case hex>`. */
export function jsonableRows(batch: RowBatch): Array<Record<string, string | number | boolean>> {
  return rowsOf(batch).map((row) => {
    const out: Record<string, string | number | boolean> = {};
    for (const [column, value] of Object.entries(row)) {
      if (typeof value === 'bigint') out[column] = value.toString();
      else if (value instanceof Uint8Array) out[column] = `hex:${Buffer.from(value).toString('hex')}`;
      else if (value !== null) out[column] = value;
    }
    return out;
  });
}
