// Arrow value buffers (offsets, data, bitmaps) built from a column's cells in one pass each.

/**
 * Arrow's own builders encode strings one by one and dominate eventize time; one native encode of
 * the whole column is several times faster. When every string is ASCII, byte offsets equal
 * character offsets; otherwise each string's byte length is measured, and if joining changed the
 * bytes (lone surrogates pairing up across a boundary) the strings are encoded one by one.
 * Cells given as UTF-8 bytes are copied as they are.
 */
export function utf8Values(values: TextCell[], length: number, ranges?: Utf8Ranges): { valueOffsets: Int32Array; data: Uint8Array } {
  const cells = values.length === length ? values : values.slice(0, length);
  if (ranges !== undefined || cells.some((cell) => cell instanceof Uint8Array)) return mixedUtf8Values(cells, length, ranges);
  const strings = cells as Array<string | null>;
  const text = strings.join('');
  const encoded = Buffer.from(text, 'utf8');
  const valueOffsets = new Int32Array(length + 1);
  let offset = 0;
  if (encoded.length === text.length) {
    for (let row = 0; row < length; row++) {
      valueOffsets[row] = offset;
      offset += strings[row]?.length ?? 0;
    }
    valueOffsets[length] = offset;
    return { valueOffsets, data: encoded };
  }
  for (let row = 0; row < length; row++) {
    valueOffsets[row] = offset;
    const value = strings[row];
    if (value != null) offset += Buffer.byteLength(value, 'utf8');
  }
  valueOffsets[length] = offset;
  if (offset === encoded.length) return { valueOffsets, data: encoded };
  const data = new Uint8Array(offset);
  for (let row = 0; row < length; row++) {
    const value = strings[row];
    if (value != null) Buffer.from(data.buffer, data.byteOffset + valueOffsets[row], valueOffsets[row + 1] - valueOffsets[row]).write(value, 'utf8');
  }
  return { valueOffsets, data };
}

export function binaryValues(values: Array<Uint8Array | null>, length: number): { valueOffsets: Int32Array; data: Uint8Array } {
  const valueOffsets = new Int32Array(length + 1);
  let offset = 0;
  for (let row = 0; row < length; row++) {
    valueOffsets[row] = offset;
    offset += values[row]?.byteLength ?? 0;
  }
  valueOffsets[length] = offset;
  const data = new Uint8Array(offset);
  for (let row = 0; row < length; row++) {
    const value = values[row];
    if (value != null) data.set(value, valueOffsets[row]);
  }
  return { valueOffsets, data };
}

export function packValidity(valid: Uint8Array, length: number): { bitmap: Uint8Array; nullCount: number } {
  const bitmap = packBits(valid, length);
  let validCount = 0;
  for (let row = 0; row < length; row++) validCount += valid[row];
  return { bitmap, nullCount: length - validCount };
}

/** Arrow stores booleans and validity as least-significant-bit-first bitmaps. */
export function packBits(bytes: Uint8Array, length: number): Uint8Array {
  const packed = new Uint8Array(Math.ceil(length / 8));
  for (let row = 0; row < length; row++) if (bytes[row] !== 0) packed[row >> 3] |= 1 << (row & 7);
  return packed;
}

/** Marks a text cell whose bytes are a range of the column's {@link Utf8Ranges} source. */
export const UTF8_RANGE: unique symbol = Symbol('utf8-range');

/** A text cell: a string, UTF-8 bytes, a range of the column's source, or null. */
export type TextCell = string | Uint8Array | typeof UTF8_RANGE | null;

/** Start and end offsets of text cells that are ranges of one source buffer (a request body). */
export class Utf8Ranges {
  private starts: Int32Array;
  private ends: Int32Array;
  private readonly sourceBuffer: Buffer;

  constructor(
    readonly source: Uint8Array,
    capacity: number,
  ) {
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.sourceBuffer = Buffer.from(source.buffer, source.byteOffset, source.byteLength);
  }

  set(row: number, start: number, end: number): void {
    this.starts[row] = start;
    this.ends[row] = end;
  }

  grow(capacity: number): void {
    const starts = new Int32Array(capacity);
    starts.set(this.starts);
    const ends = new Int32Array(capacity);
    ends.set(this.ends);
    this.starts = starts;
    this.ends = ends;
  }

  byteLength(row: number): number {
    return this.ends[row] - this.starts[row];
  }

  copy(row: number, target: Uint8Array, offset: number): void {
    const start = this.starts[row];
    const end = this.ends[row];
    // Most cells are short attribute values, where a plain loop beats a native copy call.
    if (end - start > 64) {
      this.sourceBuffer.copy(target, offset, start, end);
      return;
    }
    const source = this.source;
    for (let index = start; index < end; index++) target[offset++] = source[index];
  }
}

/** A column holding byte or range cells (and maybe strings): measure each cell, then copy or encode it in place. */
function mixedUtf8Values(cells: TextCell[], length: number, ranges: Utf8Ranges | undefined): { valueOffsets: Int32Array; data: Uint8Array } {
  const valueOffsets = new Int32Array(length + 1);
  let offset = 0;
  for (let row = 0; row < length; row++) {
    valueOffsets[row] = offset;
    const cell = cells[row];
    if (cell == null) continue;
    if (cell === UTF8_RANGE) offset += (ranges as Utf8Ranges).byteLength(row);
    else offset += typeof cell === 'string' ? Buffer.byteLength(cell, 'utf8') : cell.byteLength;
  }
  valueOffsets[length] = offset;
  const data = Buffer.allocUnsafe(offset);
  for (let row = 0; row < length; row++) {
    const cell = cells[row];
    if (cell == null) continue;
    if (cell === UTF8_RANGE) (ranges as Utf8Ranges).copy(row, data, valueOffsets[row]);
    else if (typeof cell === 'string') data.write(cell, valueOffsets[row], 'utf8');
    else data.set(cell, valueOffsets[row]);
  }
  return { valueOffsets, data };
}
