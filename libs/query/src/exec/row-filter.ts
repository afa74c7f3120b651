import type { ColumnType } from '@prism/contract';
import type { RecordBatch } from 'apache-arrow';
import { coerceLiteral, compareComparable, type Comparable } from '../plan/literals';
import type { ResolvedFilter } from '../plan/resolved-plan';
import { cellReader, type CellReader } from './column-cells';
import { bytesEqual, utf8BuffersOf, type Utf8Buffers } from './utf8-cells';

/** All row indexes of a batch. */
export function allRows(count: number): Uint32Array {
  const rows = new Uint32Array(count);
  for (let i = 0; i < count; i++) rows[i] = i;
  return rows;
}

/**
 * Narrows a selection of rows to those passing every filter, one filter (one column) at a time.
 * Null cells match only `exists: false`.
 */
export function filterRows(batch: RecordBatch, filters: readonly ResolvedFilter[], selection: Uint32Array): Uint32Array {
  let rows = selection;
  for (const filter of filters) {
    if (rows.length === 0) break;
    const cells = cellReader(batch, filter.column);
    const kept = new Uint32Array(rows.length);
    let count = 0;
    if (filter.op === 'exists') {
      for (const row of rows) if (cells.isNull(row) !== filter.exists) kept[count++] = row;
    } else if ((filter.op === 'eq' || filter.op === 'in') && cells.type === 'string' && utf8DataOf(batch, filter.column) !== undefined) {
      count = keepEqualStrings(utf8DataOf(batch, filter.column) as Utf8Buffers, filter, rows, cells, kept);
    } else {
      const test = predicateOf(filter, cells.type ?? filter.type);
      if (test !== undefined) {
        for (const row of rows) {
          const cell = cells.comparable(row);
          if (cell !== null && test(cell)) kept[count++] = row;
        }
      }
    }
    rows = kept.subarray(0, count);
  }
  return rows;
}

const utf8Encoder = new TextEncoder();

function utf8DataOf(batch: RecordBatch, column: string): Utf8Buffers | undefined {
  const data = batch.getChild(column)?.data;
  return data === undefined || data.length !== 1 ? undefined : utf8BuffersOf(data[0]);
}

/**
 * `eq`/`in` on a Utf8 column compared as bytes (the literals encoded once), no string per cell.
 * Writes the kept rows into `kept`; returns their count.
 */
function keepEqualStrings(buffers: Utf8Buffers, filter: ResolvedFilter, rows: Uint32Array, cells: CellReader, kept: Uint32Array): number {
  const literals = filter.values
    .map((value) => coerceLiteral('string', value))
    .filter((value): value is string => typeof value === 'string')
    .map((value) => utf8Encoder.encode(value));
  const { bytes, offsets, offset } = buffers;
  let count = 0;
  for (const row of rows) {
    if (cells.isNull(row)) continue;
    const start = offsets[row + offset];
    const end = offsets[row + offset + 1];
    for (const literal of literals) {
      if (bytesEqual(bytes, start, end, literal)) {
        kept[count++] = row;
        break;
      }
    }
  }
  return count;
}

/** A test of non-null cells, or undefined when no cell of this column type can match. */
export function predicateOf(filter: ResolvedFilter, type: ColumnType | undefined): ((cell: Comparable) => boolean) | undefined {
  if (type === undefined) return undefined;
  const literals = filter.values.map((value) => coerceLiteral(type, value)).filter((value): value is Comparable => value !== undefined);
  const literal = literals[0];
  switch (filter.op) {
    case 'eq':
      return literal === undefined ? undefined : (cell) => cell === literal;
    case 'ne':
      return literal === undefined ? () => true : (cell) => cell !== literal;
    case 'in': {
      if (literals.length === 0) return undefined;
      const set = new Set<Comparable>(literals);
      return (cell) => set.has(cell);
    }
    case 'lt':
      return literal === undefined ? undefined : (cell) => compareComparable(cell, literal) < 0;
    case 'lte':
      return literal === undefined ? undefined : (cell) => compareComparable(cell, literal) <= 0;
    case 'gt':
      return literal === undefined ? undefined : (cell) => compareComparable(cell, literal) > 0;
    case 'gte':
      return literal === undefined ? undefined : (cell) => compareComparable(cell, literal) >= 0;
    case 'contains':
      return typeof literal === 'string' ? (cell) => typeof cell === 'string' && cell.includes(literal) : undefined;
    case 'regex': {
      const regex = filter.regex;
      return regex === undefined ? undefined : (cell) => typeof cell === 'string' && regex.test(cell);
    }
    case 'exists':
      return undefined;
  }
}
