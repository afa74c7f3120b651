import type { RowValue } from '@prism/contract';

// Golden files are JSON, which has no bigint, bytes or infinities: those cells are tagged.

type GoldenCell = string | number | boolean | { int64: string } | { bytes: string } | { double: string };

/** Rows in their golden-file form: int64 as `{ int64 }`, bytes as `{ bytes: hex }`, non-finite doubles as `{ double }`. */
export function toGoldenRows(rows: ReadonlyArray<Record<string, RowValue>>): Array<Record<string, GoldenCell>> {
  return rows.map((row) => {
    const golden: Record<string, GoldenCell> = {};
    for (const [column, value] of Object.entries(row)) if (value !== null) golden[column] = toGoldenCell(value);
    return golden;
  });
}

function toGoldenCell(value: Exclude<RowValue, null>): GoldenCell {
  if (typeof value === 'bigint') return { int64: value.toString() };
  if (value instanceof Uint8Array) return { bytes: Buffer.from(value).toString('hex') };
  if (typeof value === 'number' && !Number.isFinite(value)) return { double: String(value) };
  return value;
}
