import type { Vector } from 'apache-arrow';
import type { ColumnType } from '@prism/contract';
import { columnValuesOf } from '../encodings/arrow-gather';
import type { ColumnValues } from '../encodings/column-values';

/** A column to sort by, as concatenated Arrow chunks with its Prism type. */
export interface SortColumn {
  vector: Vector;
  type: ColumnType;
}

/**
 * The row order that sorts rows by the given columns (nulls first, then ascending), stable for
 * ties. Keys are compared as raw bytes / numbers read from Arrow's buffers, not as JS values.
 */
export function sortPermutation(columns: readonly SortColumn[], rowCount: number): Int32Array {
  const keys = columns.map((column) => sortKeyOf(columnValuesOf(column.vector, column.type)));
  const order = Array.from({ length: rowCount }, (_, i) => i);
  order.sort((a, b) => {
    for (const key of keys) {
      const diff = key(a, b);
      if (diff !== 0) return diff;
    }
    return a - b;
  });
  return Int32Array.from(order);
}

type RowComparator = (a: number, b: number) => number;

/** A comparator of two rows of one column. */
function sortKeyOf(values: ColumnValues): RowComparator {
  // Dense position of each row (-1 for null), so comparisons read the dense arrays directly.
  const slot = new Int32Array(values.rowCount);
  let next = 0;
  for (let row = 0; row < values.rowCount; row++) {
    const valid = values.validity === null || (values.validity[row >> 3] & (1 << (row & 7))) !== 0;
    slot[row] = valid ? next++ : -1;
  }
  const dense = values.dense;
  const compareSlots = ((): RowComparator => {
    switch (dense.type) {
      case 'int64':
      case 'double':
      case 'bool': {
        const v = dense.values;
        return (x, y) => (v[x] < v[y] ? -1 : v[x] > v[y] ? 1 : 0);
      }
      default: {
        const { bytes, starts, ends } = dense;
        return (x, y) => {
          const [xs, ys] = [starts[x], starts[y]];
          const common = Math.min(ends[x] - xs, ends[y] - ys);
          for (let i = 0; i < common; i++) {
            const diff = bytes[xs + i] - bytes[ys + i];
            if (diff !== 0) return diff;
          }
          return ends[x] - xs - (ends[y] - ys);
        };
      }
    }
  })();
  return (a, b) => {
    const [x, y] = [slot[a], slot[b]];
    if (x < 0 || y < 0) return x < 0 && y < 0 ? 0 : x < 0 ? -1 : 1;
    return compareSlots(x, y);
  };
}
