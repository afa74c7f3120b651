import type { RowValue } from '@prism/contract';

/** A cell in a golden file: JSON cannot hold bigint or bytes, so those are tagged objects. */
export type GoldenCell = string | number | boolean | { int64: string } | { bytes: string };

/** Rows as stored in golden files: int64 → `{ int64: "…" }`, bytes → `{ bytes: "<hex>" }`, nulls left out. */
export function toGoldenRows(rows: ReadonlyArray<Record<string, RowValue>>): Array<Record<string, GoldenCell>> {
  return rows.map((row) => {
    const golden: Record<string, GoldenCell> = {};
    for (const [column, value] of Object.entries(row)) {
      if (value === null) continue;
      if (typeof value === 'bigint') golden[column] = { int64: value.toString() };
      else if (value instanceof Uint8Array) golden[column] = { bytes: Buffer.from(value).toString('hex') };
      else golden[column] = value;
    }
    return golden;
  });
}
