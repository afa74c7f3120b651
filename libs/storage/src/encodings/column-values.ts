import { Binary, Bool, Float64, Int64, Utf8, makeData, makeVector, type Vector } from 'apache-arrow';
import type { ColumnType } from '@prism/contract';

/**
 * Variable-length values (UTF-8 text, JSON text, bytes) as byte ranges: value i is
 * `bytes[starts[i]..ends[i])`. Ranges point into Arrow's own buffers on write and into the decoded
 * block on read, so no value is copied or turned into a JS string on the way.
 */
export interface BinaryValues {
  type: 'string' | 'json' | 'bytes';
  bytes: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
}

/** The non-null values of a column, densely packed, in the representation each type encodes from. */
export type DenseValues =
  { type: 'int64'; values: BigInt64Array } | { type: 'double'; values: Float64Array } | { type: 'bool'; values: Uint8Array } | BinaryValues;

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
  return 'starts' in dense ? dense.starts.length : dense.values.length;
}

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();

/** Packs strings (as UTF-8) or byte arrays into {@link BinaryValues}. */
export function binaryValuesOf(type: BinaryValues['type'], items: ReadonlyArray<string | Uint8Array>): BinaryValues {
  const encoded = items.map((item) => (typeof item === 'string' ? utf8Encoder.encode(item) : item));
  const offsets = new Int32Array(encoded.length + 1);
  for (let i = 0; i < encoded.length; i++) offsets[i + 1] = offsets[i] + encoded[i].length;
  const bytes = new Uint8Array(offsets[encoded.length]);
  encoded.forEach((item, i) => bytes.set(item, offsets[i]));
  return { type, bytes, starts: offsets.subarray(0, encoded.length), ends: offsets.subarray(1) };
}

/** Value `i` of binary values as a fresh byte array. */
export function binaryAt(values: BinaryValues, i: number): Uint8Array {
  return values.bytes.slice(values.starts[i], values.ends[i]);
}

/** Value `i` of text values decoded from UTF-8. */
export function textAt(values: BinaryValues, i: number): string {
  return utf8Decoder.decode(values.bytes.subarray(values.starts[i], values.ends[i]));
}

/** The values as JS values (strings, byte arrays, bigints, numbers, 0/1): for tests and small reads. */
export function denseToArray(dense: DenseValues): unknown[] {
  if (!('starts' in dense)) return Array.from(dense.values as ArrayLike<unknown>);
  return Array.from({ length: dense.starts.length }, (_, i) => (dense.type === 'bytes' ? binaryAt(dense, i) : textAt(dense, i)));
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
      const data = validity === null ? dense.values : new BigInt64Array(rowCount);
      if (validity !== null) slotOf((slot, i) => (data[slot] = dense.values[i]));
      return makeVector(makeData({ type: new Int64(), length: rowCount, nullCount, nullBitmap, data }));
    }
    case 'double': {
      const data = validity === null ? dense.values : new Float64Array(rowCount);
      if (validity !== null) slotOf((slot, i) => (data[slot] = dense.values[i]));
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
      const { bytes, starts, ends } = dense;
      const valueOffsets = new Int32Array(rowCount + 1);
      let total = 0;
      for (let i = 0; i < starts.length; i++) total += ends[i] - starts[i];
      const data = new Uint8Array(total);
      let position = 0;
      let slotCursor = 0;
      slotOf((slot, i) => {
        for (; slotCursor < slot; slotCursor++) valueOffsets[slotCursor + 1] = position;
        data.set(bytes.subarray(starts[i], ends[i]), position);
        position += ends[i] - starts[i];
        valueOffsets[slot + 1] = position;
        slotCursor = slot + 1;
      });
      for (; slotCursor < rowCount; slotCursor++) valueOffsets[slotCursor + 1] = position;
      if (dense.type === 'bytes') return makeVector(makeData({ type: new Binary(), length: rowCount, nullCount, nullBitmap, data, valueOffsets }));
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
    case 'bytes':
      return { type, bytes: new Uint8Array(0), starts: new Int32Array(0), ends: new Int32Array(0) };
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
