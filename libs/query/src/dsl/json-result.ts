import type { RowValue } from '@prism/contract';
import type { QueryExplain } from '../engine/query-explain';
import type { QueryResult } from '../engine/query-engine';
import { hexOf } from '../exec/column-cells';

/** A JSON cell: int64 values as decimal strings (exact), bytes as hex, non-finite numbers as null. */
export type JsonCell = string | number | boolean | null;

/** The DSL's response body. */
export interface DslResponse {
  columns: string[];
  rows: Array<Record<string, JsonCell>>;
  explain?: QueryExplain;
}

/** A cell as JSON: bigint → decimal string, bytes → lower-case hex, NaN/±Infinity → null. */
export function jsonCell(value: RowValue | undefined): JsonCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return hexOf(value);
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}

/** A query result as the DSL's JSON body; the explain section only when asked for. */
export function dslResponseOf(result: QueryResult, withExplain: boolean): DslResponse {
  const rows = result.rows.map((row) => {
    const out: Record<string, JsonCell> = {};
    for (const column of result.columns) out[column] = jsonCell(row[column]);
    return out;
  });
  return withExplain ? { columns: result.columns, rows, explain: result.explain } : { columns: result.columns, rows };
}
