import { Binary, Bool, Float64, Int64, Utf8, vectorFromArray, type DataType, type Vector } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import type { ColumnType } from '@prism/contract';
import { columnValuesOf } from './arrow-gather';
import { denseToArray, type ColumnValues } from './column-values';

function pseudoRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
}

/** Rows as JS values (null for null rows), the slow way: one `get` per cell. */
function rowsOf(vector: Vector, rows?: number[]): unknown[] {
  return (rows ?? Array.from({ length: vector.length }, (_, i) => i)).map((row) => {
    const value: unknown = vector.get(row);
    return typeof value === 'boolean' ? (value ? 1 : 0) : value;
  });
}

/** Rows of gathered column values, nulls put back from the validity bitmap (whose padding bits, written to disk, must be clear). */
function gatheredRows(column: ColumnValues): unknown[] {
  if (column.validity !== null && column.rowCount % 8 !== 0) expect(column.validity[column.validity.length - 1] >> (column.rowCount % 8)).toBe(0);
  const dense = denseToArray(column.dense);
  let next = 0;
  return Array.from({ length: column.rowCount }, (_, row) =>
    column.validity === null || (column.validity[row >> 3] & (1 << (row & 7))) !== 0 ? dense[next++] : null,
  );
}

const random = pseudoRandom(17);
const cases: Array<{ type: ColumnType; arrow: DataType; value: (i: number) => unknown }> = [
  { type: 'string', arrow: new Utf8(), value: (i) => `value-${i % 13}` },
  { type: 'bytes', arrow: new Binary(), value: (i) => Uint8Array.from({ length: i % 5 }, (_, k) => (i + k) & 255) },
  { type: 'int64', arrow: new Int64(), value: (i) => BigInt(i) * 1_000_000_007n - 5n },
  { type: 'double', arrow: new Float64(), value: (i) => i / 8 },
  { type: 'bool', arrow: new Bool(), value: (i) => i % 3 === 0 },
];

describe('columnValuesOf', () => {
  for (const { type, arrow, value } of cases) {
    for (const nullRate of [0, 0.05, 0.5, 0.97]) {
      it(`gathers ${type} rows with ${nullRate * 100} % nulls: whole, sliced, chunked and subsets`, () => {
        const length = 203;
        const items = Array.from({ length }, (_, i) => (random() < nullRate ? null : value(i)));
        const vector = vectorFromArray(items, arrow);
        expect(gatheredRows(columnValuesOf(vector, type))).toEqual(rowsOf(vector));
        for (const [start, end] of [
          [8, 200],
          [8, 150],
          [16, 101],
          [3, 150],
          [13, 14],
        ]) {
          const sliced = vector.slice(start, end);
          expect(gatheredRows(columnValuesOf(sliced, type))).toEqual(rowsOf(sliced));
        }
        const chunked = vector.slice(0, 77).concat(vector.slice(77, 130), vector.slice(130));
        expect(gatheredRows(columnValuesOf(chunked, type))).toEqual(rowsOf(chunked));
        const subset = Array.from({ length }, (_, i) => i).filter(() => random() < 0.6);
        expect(gatheredRows(columnValuesOf(chunked, type, subset))).toEqual(rowsOf(chunked, subset));
        expect(gatheredRows(columnValuesOf(vector, type, subset))).toEqual(rowsOf(vector, subset));
      });
    }
  }
});
