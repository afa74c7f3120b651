import { Binary, Bool, Float64, Int64, Utf8, makeData, makeVector, type Vector } from 'apache-arrow';
import type { ColumnType } from '@prism/contract';

/** The non-null values of a column, densely packed, in the representation each type encodes from. */
export type DenseValues =
  | { type: 'int64'; values: BigInt64Array }
  | { type: 'double'; values: Float64Array }
  | { type: 'bool'; values: Uint8Array }
  | { type: 'string' | 'json'; values: string[] }
  | { type: 'bytes'; values: Uint8Array[] };

/** One block's column: row count, validity (Arrow-style LSB bitmap, null when no nulls) and values. */
export interface ColumnValues {
  rowCount: number;
  /** Bit i set = row i holds a value. Absent when every row does. */
  validity: Uint8Array | null;
  dense: DenseValues;
}

/** Number of null rows of a column block. */
export function nullCountOf(column: ColumnValues): number {
  return column.rowCount - denseLength(column.dense);
}

export function denseLength(dense: DenseValues): number {
  return dense.values.length;
}

/** Gathers rows `rows` (all rows when omitted) of an Arrow vector into {@link ColumnValues}. */
export function columnValuesOf(vector: Vector, type: ColumnType, rows?: ArrayLike<number>): ColumnValues {
  const rowCount = rows === undefined ? vector.length : rows.length;
  const validity = new Uint8Array(Math.ceil(rowCount / 8));
  const picked: number[] = [];
  const hasNulls = vector.nullCount > 0;
  for (let out = 0; out < rowCount; out++) {
    const row = rows === undefined ? out : rows[out];
    if (!hasNulls || vector.isValid(row)) {
      validity[out >> 3] |= 1 << (out & 7);
      picked.push(row);
    }
  }
  const allValid = picked.length === rowCount;
  return { rowCount, validity: allValid ? null : validity, dense: gather(vector, type, picked) };
}

function gather(vector: Vector, type: ColumnType, picked: number[]): DenseValues {
  switch (type) {
    case 'int64': {
      const values = new BigInt64Array(picked.length);
      for (let i = 0; i < picked.length; i++) values[i] = vector.get(picked[i]) as bigint;
      return { type, values };
    }
    case 'double': {
      const values = new Float64Array(picked.length);
      for (let i = 0; i < picked.length; i++) values[i] = vector.get(picked[i]) as number;
      return { type, values };
    }
    case 'bool': {
      const values = new Uint8Array(picked.length);
      for (let i = 0; i < picked.length; i++) values[i] = vector.get(picked[i]) ? 1 : 0;
      return { type, values };
    }
    case 'string':
    case 'json':
      return { type, values: picked.map((row) => vector.get(row) as string) };
    case 'bytes':
      return { type, values: picked.map((row) => vector.get(row) as Uint8Array) };
  }
}

/** Builds the Arrow vector of a decoded block. */
export function vectorOf(column: ColumnValues): Vector {
  const { rowCount, validity } = column;
  const nullCount = nullCountOf(column);
  const nullBitmap = validity ?? undefined;
  const slotOf = slotMapper(column);
  const dense = column.dense;
  switch (dense.type) {
    case 'int64': {
      const data = new BigInt64Array(rowCount);
      slotOf((slot, i) => (data[slot] = dense.values[i]));
      return makeVector(makeData({ type: new Int64(), length: rowCount, nullCount, nullBitmap, data }));
    }
    case 'double': {
      const data = new Float64Array(rowCount);
      slotOf((slot, i) => (data[slot] = dense.values[i]));
      return makeVector(makeData({ type: new Float64(), length: rowCount, nullCount, nullBitmap, data }));
    }
    case 'bool': {
      const data = new Uint8Array(Math.ceil(rowCount / 8));
      slotOf((slot, i) => {
        if (dense.values[i] !== 0) data[slot >> 3] |= 1 << (slot & 7);
      });
      return makeVector(makeData({ type: new Bool(), length: rowCount, nullCount, nullBitmap, data }));
    }
    case 'string':
    case 'json':
    case 'bytes': {
      const encoder = new TextEncoder();
      const items: Uint8Array[] = dense.type === 'bytes' ? dense.values : dense.values.map((value) => encoder.encode(value));
      const valueOffsets = new Int32Array(rowCount + 1);
      let total = 0;
      for (const item of items) total += item.length;
      const data = new Uint8Array(total);
      let position = 0;
      let slotCursor = 0;
      slotOf((slot, i) => {
        for (; slotCursor < slot; slotCursor++) valueOffsets[slotCursor + 1] = position;
        data.set(items[i], position);
        position += items[i].length;
        valueOffsets[slot + 1] = position;
        slotCursor = slot + 1;
      });
      for (; slotCursor < rowCount; slotCursor++) valueOffsets[slotCursor + 1] = position;
      if (dense.type === 'bytes') {
        return makeVector(makeData({ type: new Binary(), length: rowCount, nullCount, nullBitmap, data, valueOffsets }));
      }
      return makeVector(makeData({ type: new Utf8(), length: rowCount, nullCount, nullBitmap, data, valueOffsets }));
    }
  }
}

/** A vector of `rowCount` nulls of a type, for commits written before a column existed. */
export function nullColumn(type: ColumnType, rowCount: number): ColumnValues {
  const validity = new Uint8Array(Math.ceil(rowCount / 8));
  return { rowCount, validity, dense: emptyDense(type) };
}

export function emptyDense(type: ColumnType): DenseValues {
  switch (type) {
    case 'int64':
      return { type, values: new BigInt64Array(0) };
    case 'double':
      return { type, values: new Float64Array(0) };
    case 'bool':
      return { type, values: new Uint8Array(0) };
    case 'string':
    case 'json':
      return { type, values: [] };
    case 'bytes':
      return { type, values: [] };
  }
}

/** Calls `visit(slot, denseIndex)` for every valid row slot, in order. */
function slotMapper(column: ColumnValues): (visit: (slot: number, index: number) => void) => void {
  return (visit) => {
    const { validity, rowCount } = column;
    let index = 0;
    for (let slot = 0; slot < rowCount; slot++) {
      if (validity === null || (validity[slot >> 3] & (1 << (slot & 7))) !== 0) visit(slot, index++);
    }
  };
}
