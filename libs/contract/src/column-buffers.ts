// Arrow value buffers (offsets, data, bitmaps) filled as cells are written, so building a batch
// only trims them: no per-cell work and no per-cell objects are left for `build()`.
import { isUtf8 } from 'node:buffer';

const EMPTY_BYTES = new Uint8Array(0);

/** Below this many bytes a plain loop copies faster than a native call. */
const NATIVE_COPY_THRESHOLD = 64;
/** Strings up to this length are encoded by a loop while they are ASCII; longer ones natively. */
const ASCII_LOOP_MAX_LENGTH = 24;
/** Sources at least this large (request bodies, many cells each) get a DataView for word copies. */
const VIEWED_SOURCE_MIN_BYTES = 4096;

/** Set bits of each byte value, for counting a bitmap's set bits once instead of on every set. */
const BITS_SET = Uint8Array.from({ length: 256 }, (_, byte) => {
  let count = 0;
  for (let bits = byte; bits !== 0; bits >>= 1) count += bits & 1;
  return count;
});

/** A validity (or boolean) bitmap, least-significant bit first as Arrow stores it. */
export class BitmapBuffer {
  private bits: Uint8Array;

  constructor(capacity: number) {
    this.bits = new Uint8Array(bitmapBytes(capacity));
  }

  grow(capacity: number): void {
    const bits = new Uint8Array(bitmapBytes(capacity));
    bits.set(this.bits);
    this.bits = bits;
  }

  set(row: number): void {
    this.bits[row >> 3] |= 1 << (row & 7);
  }

  clear(row: number): void {
    this.bits[row >> 3] &= ~(1 << (row & 7));
  }

  /** The first `length` bits. */
  finish(length: number): Uint8Array {
    return trimmed(this.bits, bitmapBytes(length));
  }

  /** How many of the first `length` bits are set (bits past `length` are never set). */
  countSet(length: number): number {
    const bits = this.bits;
    let count = 0;
    for (let index = bitmapBytes(length) - 1; index >= 0; index--) count += BITS_SET[bits[index]];
    return count;
  }
}

/**
 * The first `used` elements of a buffer the builder is done with: a view when at least half of it
 * is used (no copy), else a copy, so a batch never pins more than twice its own size.
 */
export function trimmed<T extends Uint8Array | Int32Array | Float64Array | BigInt64Array>(array: T, used: number): T {
  return (used * 2 >= array.length ? array.subarray(0, used) : array.slice(0, used)) as T;
}

function bitmapBytes(bits: number): number {
  return Math.ceil(bits / 8);
}

/**
 * The offsets and data buffers of a variable-length (Utf8 or Binary) column, appended to as cells
 * are written. Cells normally arrive row after row, which is what this is fast at: a cell written
 * again in the same row replaces the earlier value in place, and a cell written into an earlier
 * row (rare) is kept aside and merged when the column is finished.
 */
export class VarBinaryBuffer {
  private offsets: Int32Array;
  private data: Buffer;
  private dataView: DataView;
  /** The last source range cells were copied from, and a view of it. */
  private viewedSource: Uint8Array | undefined;
  private sourceView: DataView | undefined;
  /** Bytes of `data` in use. */
  private end = 0;
  /** The last row written; the rows after it are empty so far. */
  private lastRow = -1;
  private earlierRows: Map<number, Uint8Array> | undefined;
  /** The last string encoded, its row and where its bytes lie, so a repeated value is copied, not encoded. */
  private lastString: string | undefined;
  private lastStringRow = -1;
  private lastStringStart = 0;
  private lastStringEnd = 0;
  /**
   * First row of a run of rows, up to `lastRow`, that repeat the string of the row before it and
   * are not written out yet (-1: none). Values shared by every row of a request (tenant, resource
   * attributes) then cost a few block copies per column instead of a copy per cell.
   */
  private repeatFrom = -1;

  constructor(capacity: number) {
    this.offsets = new Int32Array(capacity + 1);
    this.data = Buffer.allocUnsafeSlow(Math.max(256, capacity * 8));
    this.dataView = new DataView(this.data.buffer, this.data.byteOffset, this.data.byteLength);
  }

  grow(capacity: number): void {
    const offsets = new Int32Array(capacity + 1);
    offsets.set(this.offsets.subarray(0, this.lastRow + 2));
    this.offsets = offsets;
  }

  /** Sets `row` to `source[start, end)`. */
  setRange(row: number, source: Uint8Array, start: number, end: number): void {
    const length = end - start;
    const at = this.startCell(row, length);
    if (at < 0) {
      this.earlierRows?.set(row, source.slice(start, end));
      return;
    }
    if (length > NATIVE_COPY_THRESHOLD) this.data.set(source.subarray(start, end), at);
    else this.copyShort(source, start, length, at);
    this.end = at + length;
  }

  /**
   * Sets `row` to `source[start, end)` if those bytes are valid UTF-8 and returns true; otherwise
   * sets it to no bytes and returns false. Short ASCII ranges are checked while they are copied.
   */
  setUtf8Range(row: number, source: Uint8Array, start: number, end: number): boolean {
    const length = end - start;
    const at = this.startCell(row, length);
    if (at < 0) {
      const bytes = source.slice(start, end);
      const valid = isUtf8(bytes);
      this.earlierRows?.set(row, valid ? bytes : EMPTY_BYTES);
      return valid;
    }
    let valid: boolean;
    if (length > NATIVE_COPY_THRESHOLD) {
      const bytes = source.subarray(start, end);
      valid = isUtf8(bytes);
      if (valid) this.data.set(bytes, at);
    } else {
      const seen = this.copyShort(source, start, length, at);
      valid = (seen & 0x80808080) === 0 || isUtf8(this.data.subarray(at, at + length));
    }
    this.end = valid ? at + length : at;
    return valid;
  }

  /**
   * Copies a short range into `data` at `at`, four bytes at a time through DataViews (a native
   * call costs more than the copy), and returns the OR of the words copied: for an ASCII check.
   */
  private copyShort(source: Uint8Array, start: number, length: number, at: number): number {
    if (source !== this.viewedSource) {
      if (source.byteLength < VIEWED_SOURCE_MIN_BYTES) {
        // A value of its own (e.g. an id the model path decoded): not worth a view.
        const data = this.data;
        let seen = 0;
        for (let index = 0; index < length; index++) {
          const byte = source[start + index];
          seen |= byte;
          data[at + index] = byte;
        }
        return seen;
      }
      this.viewedSource = source;
      this.sourceView = new DataView(source.buffer, source.byteOffset, source.byteLength);
    }
    const from = this.sourceView as DataView;
    const to = this.dataView;
    let seen = 0;
    let index = 0;
    for (; index + 4 <= length; index += 4) {
      const word = from.getInt32(start + index, true);
      seen |= word;
      to.setInt32(at + index, word, true);
    }
    for (; index < length; index++) {
      const byte = from.getUint8(start + index);
      seen |= byte;
      to.setUint8(at + index, byte);
    }
    return seen;
  }

  /** Sets `row` to the UTF-8 encoding of `value` (each lone surrogate becomes U+FFFD, as Buffer does). */
  setString(row: number, value: string): void {
    if (value === this.lastString && row > this.lastRow) {
      if (row === this.lastRow + 1 && this.lastStringRow === this.lastRow) {
        // The same text as the row before: extend the run, written out later in blocks.
        if (this.repeatFrom < 0) this.repeatFrom = row;
        this.lastRow = row;
        this.lastStringRow = row;
        return;
      }
      // The same text as an earlier cell: copy its bytes (they sit before `end`, untouched).
      const start = this.lastStringStart;
      const bytes = this.lastStringEnd - start;
      const at = this.startCell(row, bytes);
      const data = this.data;
      for (let index = 0; index < bytes; index++) data[at + index] = data[start + index];
      this.end = at + bytes;
      this.rememberString(value, row, at);
      return;
    }
    const length = value.length;
    // Room for the longest encoding: 3 bytes per UTF-16 unit.
    const at = this.startCell(row, length * 3);
    if (at < 0) {
      this.earlierRows?.set(row, Buffer.from(value, 'utf8'));
      return;
    }
    const data = this.data;
    let written = 0;
    if (length <= ASCII_LOOP_MAX_LENGTH) {
      for (; written < length; written++) {
        const code = value.charCodeAt(written);
        if (code >= 0x80) break;
        data[at + written] = code;
      }
    }
    if (written < length) written = data.write(value, at, 'utf8');
    this.end = at + written;
    this.rememberString(value, row, at);
  }

  private rememberString(value: string, row: number, at: number): void {
    this.lastString = value;
    this.lastStringRow = row;
    this.lastStringStart = at;
    this.lastStringEnd = this.end;
  }

  /**
   * Makes `row` the cell being written and returns where its bytes go, with room for `maxBytes`;
   * -1 when `row` lies before the last row written (the caller keeps the value in `earlierRows`).
   */
  private startCell(row: number, maxBytes: number): number {
    if (this.repeatFrom >= 0) this.writeRepeatRun();
    const lastRow = this.lastRow;
    if (row === lastRow + 1) {
      this.offsets[row] = this.end;
      this.lastRow = row;
    } else if (row > lastRow) {
      // Rows skipped since the last cell are empty (null).
      const offsets = this.offsets;
      const end = this.end;
      for (let empty = lastRow + 1; empty <= row; empty++) offsets[empty] = end;
      this.lastRow = row;
    } else if (row === lastRow) {
      // Written again: the new value replaces the old bytes, which may hold the remembered string.
      this.end = this.offsets[row];
      this.lastString = undefined;
    } else {
      this.earlierRows ??= new Map();
      return -1;
    }
    this.reserve(maxBytes);
    return this.end;
  }

  private reserve(bytes: number): void {
    const needed = this.end + bytes;
    if (needed > this.data.length) {
      const data = Buffer.allocUnsafeSlow(Math.max(needed, this.data.length * 2));
      this.data.copy(data, 0, 0, this.end);
      this.data = data;
      this.dataView = new DataView(data.buffer, data.byteOffset, data.byteLength);
    }
  }

  /** Writes out the pending run: each row's offset, then the bytes by doubling block copies. */
  private writeRepeatRun(): void {
    const first = this.repeatFrom;
    const rows = this.lastRow - first + 1;
    this.repeatFrom = -1;
    // The run repeats the last cell written, whose bytes end at `end`.
    const start = this.lastStringStart;
    const bytes = this.lastStringEnd - start;
    this.reserve(rows * bytes);
    const offsets = this.offsets;
    let offset = this.end;
    for (let row = first; row <= this.lastRow; row++) {
      offsets[row] = offset;
      offset += bytes;
    }
    const data = this.data;
    let copies = 1;
    while (copies <= rows) {
      const block = Math.min(copies, rows + 1 - copies);
      data.copyWithin(start + copies * bytes, start, start + block * bytes);
      copies += block;
    }
    this.end = offset;
    this.lastStringStart = offset - bytes;
    this.lastStringEnd = offset;
  }

  /** The Arrow offsets and data of the first `length` rows. */
  finish(length: number): { valueOffsets: Int32Array; data: Uint8Array } {
    if (this.repeatFrom >= 0) this.writeRepeatRun();
    const offsets = this.offsets;
    for (let empty = this.lastRow + 1; empty <= length; empty++) offsets[empty] = this.end;
    if (this.earlierRows !== undefined && this.earlierRows.size > 0) return this.mergeEarlierRows(length);
    return { valueOffsets: trimmed(offsets, length + 1), data: trimmed(this.data, this.end) };
  }

  private mergeEarlierRows(length: number): { valueOffsets: Int32Array; data: Uint8Array } {
    const earlier = this.earlierRows as Map<number, Uint8Array>;
    const offsets = this.offsets;
    const cell = (row: number): Uint8Array => earlier.get(row) ?? this.data.subarray(offsets[row], offsets[row + 1]);
    const valueOffsets = new Int32Array(length + 1);
    let offset = 0;
    for (let row = 0; row < length; row++) {
      valueOffsets[row] = offset;
      offset += cell(row).byteLength;
    }
    valueOffsets[length] = offset;
    const data = new Uint8Array(offset);
    for (let row = 0; row < length; row++) data.set(cell(row), valueOffsets[row]);
    return { valueOffsets, data };
  }
}
