import { DataType, type Data, type Vector } from 'apache-arrow';
import type { ColumnType } from '@prism/contract';
import { InvalidBatchError } from '../errors';
import { denseLength, type BinaryValues, type ColumnValues, type DenseValues } from './column-values';

/**
 * Gathers rows `rows` (all rows when omitted) of an Arrow vector into {@link ColumnValues}, reading
 * Arrow's buffers directly: `vector.get(i)` costs a BigInt or a decoded string per cell, which was
 * most of a commit's CPU time. A whole single-chunk column is not copied at all.
 */
export function columnValuesOf(vector: Vector, type: ColumnType, rows?: ArrayLike<number>, column = ''): ColumnValues {
  const chunks = vector.data;
  for (const data of chunks) assertArrowType(data, type, column);
  if (rows === undefined && chunks.length === 1) return gatherChunk(chunks[0], type, undefined);
  // Several chunks or a row subset: gather each run of rows that lie in one chunk, then concatenate.
  const chunkStarts: number[] = [];
  let start = 0;
  for (const data of chunks) {
    chunkStarts.push(start);
    start += data.length;
  }
  const count = rows === undefined ? vector.length : rows.length;
  const parts: ColumnValues[] = [];
  let chunk = 0;
  for (let i = 0; i < count;) {
    const first = rows === undefined ? i : rows[i];
    if (!(first >= chunkStarts[chunk] && first < chunkStarts[chunk] + chunks[chunk].length)) chunk = chunkIndexOf(chunkStarts, first);
    const local: number[] = [];
    const [low, high] = [chunkStarts[chunk], chunkStarts[chunk] + chunks[chunk].length];
    for (; i < count; i++) {
      const row = rows === undefined ? i : rows[i];
      if (row < low || row >= high) break;
      local.push(row - low);
    }
    parts.push(gatherChunk(chunks[chunk], type, Int32Array.from(local)));
  }
  return parts.length === 1 ? parts[0] : concatColumns(parts, type);
}

function chunkIndexOf(chunkStarts: number[], row: number): number {
  let index = chunkStarts.length - 1;
  while (index > 0 && chunkStarts[index] > row) index--;
  return index;
}

function assertArrowType(data: Data, type: ColumnType, column: string): void {
  const arrow = data.type;
  const ok =
    (type === 'int64' && DataType.isInt(arrow) && arrow.bitWidth === 64 && arrow.isSigned) ||
    (type === 'double' && DataType.isFloat(arrow) && arrow.precision === 2) ||
    (type === 'bool' && DataType.isBool(arrow)) ||
    ((type === 'string' || type === 'json') && DataType.isUtf8(arrow)) ||
    (type === 'bytes' && DataType.isBinary(arrow));
  if (!ok) throw new InvalidBatchError(`column of type ${type} holds Arrow ${String(arrow)}`, column);
}

/** One chunk's rows `local` (chunk-relative; all when undefined). */
function gatherChunk(data: Data, type: ColumnType, local: Int32Array | undefined): ColumnValues {
  const rowCount = local === undefined ? data.length : local.length;
  let validity: Uint8Array | null = null;
  let picked = local;
  if (data.nullCount > 0 && data.nullBitmap !== undefined && data.nullBitmap.length > 0) {
    const bitmap = data.nullBitmap;
    validity = new Uint8Array(Math.ceil(rowCount / 8));
    // Valid rows are only read while gathering the values, so one buffer serves every chunk.
    const valid = validRowsFor(rowCount);
    let used = 0;
    if (local === undefined && (data.offset & 7) === 0) {
      // A whole byte-aligned chunk: its validity is Arrow's bitmap, read a byte at a time.
      const first = data.offset >> 3;
      const last = validity.length - 1;
      for (let byte = 0; byte <= last; byte++) {
        let bits = bitmap[first + byte];
        if (byte === last && (rowCount & 7) !== 0) bits &= (1 << (rowCount & 7)) - 1;
        validity[byte] = bits;
        const base = byte * 8;
        if (bits === 0xff) {
          for (let bit = 0; bit < 8; bit++) valid[used++] = base + bit;
          continue;
        }
        while (bits !== 0) {
          const lowest = bits & -bits;
          valid[used++] = base + 31 - Math.clz32(lowest);
          bits ^= lowest;
        }
      }
    } else {
      for (let out = 0; out < rowCount; out++) {
        const row = local === undefined ? out : local[out];
        const bit = data.offset + row;
        if ((bitmap[bit >> 3] & (1 << (bit & 7))) !== 0) {
          validity[out >> 3] |= 1 << (out & 7);
          valid[used++] = row;
        }
      }
    }
    picked = valid.subarray(0, used);
    if (used === rowCount) validity = null;
  }
  return { rowCount, validity, dense: gatherValues(data, type, picked) };
}

let sharedValidRows = new Int32Array(0);

function validRowsFor(rowCount: number): Int32Array {
  if (sharedValidRows.length < rowCount) sharedValidRows = new Int32Array(Math.max(rowCount, 1024));
  return sharedValidRows;
}

/** Values of rows `picked` (every row of the chunk when undefined). */
function gatherValues(data: Data, type: ColumnType, picked: Int32Array | undefined): DenseValues {
  const length = picked === undefined ? data.length : picked.length;
  switch (type) {
    case 'int64':
    case 'double': {
      const source = data.values as BigInt64Array | Float64Array;
      if (picked === undefined)
        return type === 'int64'
          ? { type, values: (source as BigInt64Array).subarray(0, length) }
          : { type, values: (source as Float64Array).subarray(0, length) };
      // Copy as 32-bit word pairs: reading a BigInt64Array cell allocates a BigInt.
      const words = new Int32Array(source.buffer, source.byteOffset, source.length * 2);
      const out = new Int32Array(length * 2);
      for (let i = 0; i < length; i++) {
        const from = picked[i] * 2;
        out[i * 2] = words[from];
        out[i * 2 + 1] = words[from + 1];
      }
      return type === 'int64' ? { type, values: new BigInt64Array(out.buffer) } : { type, values: new Float64Array(out.buffer) };
    }
    case 'bool': {
      const bits = data.values as Uint8Array;
      const values = new Uint8Array(length);
      for (let i = 0; i < length; i++) {
        const bit = data.offset + (picked === undefined ? i : picked[i]);
        values[i] = (bits[bit >> 3] >> (bit & 7)) & 1;
      }
      return { type, values };
    }
    case 'string':
    case 'json':
    case 'bytes': {
      const offsets = data.valueOffsets as Int32Array;
      const bytes = data.values as Uint8Array;
      if (picked === undefined) return { type, bytes, starts: offsets.subarray(0, length), ends: offsets.subarray(1, length + 1) };
      const starts = new Int32Array(length);
      const ends = new Int32Array(length);
      for (let i = 0; i < length; i++) {
        starts[i] = offsets[picked[i]];
        ends[i] = offsets[picked[i] + 1];
      }
      return { type, bytes, starts, ends };
    }
  }
}

/** Joins the parts of one column gathered from several chunks. */
export function concatColumns(parts: ColumnValues[], type: ColumnType): ColumnValues {
  const rowCount = parts.reduce((sum, part) => sum + part.rowCount, 0);
  let validity: Uint8Array | null = null;
  if (parts.some((part) => part.validity !== null)) {
    validity = new Uint8Array(Math.ceil(rowCount / 8));
    let out = 0;
    for (const part of parts) {
      for (let row = 0; row < part.rowCount; row++, out++) {
        if (part.validity === null || (part.validity[row >> 3] & (1 << (row & 7))) !== 0) validity[out >> 3] |= 1 << (out & 7);
      }
    }
  }
  const total = parts.reduce((sum, part) => sum + denseLength(part.dense), 0);
  const denses = parts.map((part) => part.dense);
  switch (type) {
    case 'int64':
    case 'double':
    case 'bool': {
      if (type === 'int64') return { rowCount, validity, dense: { type, values: joinTyped(new BigInt64Array(total), denses) } };
      if (type === 'double') return { rowCount, validity, dense: { type, values: joinTyped(new Float64Array(total), denses) } };
      return { rowCount, validity, dense: { type, values: joinTyped(new Uint8Array(total), denses) } };
    }
    case 'string':
    case 'json':
    case 'bytes': {
      const binaries = denses as BinaryValues[];
      let byteTotal = 0;
      for (const dense of binaries) for (let i = 0; i < dense.starts.length; i++) byteTotal += dense.ends[i] - dense.starts[i];
      const bytes = new Uint8Array(byteTotal);
      const starts = new Int32Array(total);
      const ends = new Int32Array(total);
      let at = 0;
      let position = 0;
      for (const dense of binaries) {
        for (let i = 0; i < dense.starts.length; i++, at++) {
          bytes.set(dense.bytes.subarray(dense.starts[i], dense.ends[i]), position);
          starts[at] = position;
          position += dense.ends[i] - dense.starts[i];
          ends[at] = position;
        }
      }
      return { rowCount, validity, dense: { type, bytes, starts, ends } };
    }
  }
}

function joinTyped<T extends BigInt64Array | Float64Array | Uint8Array>(into: T, denses: DenseValues[]): T {
  let at = 0;
  for (const dense of denses) {
    if ('starts' in dense) continue;
    (into as Uint8Array).set(dense.values as Uint8Array, at);
    at += dense.values.length;
  }
  return into;
}
