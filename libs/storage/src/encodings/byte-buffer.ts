import { Buffer } from 'node:buffer';
import { CorruptDataError } from '../errors';

/** A growable byte buffer with little-endian and LEB128 varint writers. */
export class ByteWriter {
  private bytes: Uint8Array;
  /** Made on the first float write only: most writers never need one. */
  private view: DataView | undefined;
  private used = 0;

  constructor(initialCapacity = 1024) {
    this.bytes = new Uint8Array(Math.max(16, initialCapacity));
  }

  get length(): number {
    return this.used;
  }

  /** The written bytes (a view, not a copy). */
  finish(): Uint8Array {
    return this.bytes.subarray(0, this.used);
  }

  writeByte(value: number): void {
    this.ensure(1);
    this.bytes[this.used++] = value;
  }

  writeBytes(value: Uint8Array): void {
    this.ensure(value.length);
    this.bytes.set(value, this.used);
    this.used += value.length;
  }

  /**
   * Writes values `indexes` (all when undefined) of `source` as varint length + bytes each, as
   * {@link writeRange} does one by one, with one capacity check for all of them.
   */
  writeRanges(source: Uint8Array, starts: Int32Array, ends: Int32Array, indexes?: ArrayLike<number>): void {
    const count = indexes === undefined ? starts.length : indexes.length;
    let total = 0;
    for (let i = 0; i < count; i++) {
      const index = indexes === undefined ? i : indexes[i];
      total += ends[index] - starts[index];
    }
    this.ensure(total + count * 5);
    const bytes = this.bytes;
    // Short values are copied by hand, four bytes per unaligned DataView access: a subarray + set
    // costs more than the bytes themselves.
    const from = new DataView(source.buffer, source.byteOffset, source.byteLength);
    const into = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let at = this.used;
    for (let i = 0; i < count; i++) {
      const index = indexes === undefined ? i : indexes[i];
      const start = starts[index];
      const end = ends[index];
      let length = end - start;
      while (length >= 0x80) {
        bytes[at++] = (length & 0x7f) | 0x80;
        length >>>= 7;
      }
      bytes[at++] = length;
      if (end - start <= 64) {
        let read = start;
        for (; read + 4 <= end; read += 4, at += 4) into.setInt32(at, from.getInt32(read));
        for (; read < end; read++) bytes[at++] = source[read];
      } else {
        bytes.set(source.subarray(start, end), at);
        at += end - start;
      }
    }
    this.used = at;
  }

  /** Writes each value as an unsigned LEB128 varint (values below 2^31). */
  writeVarUints(values: Int32Array): void {
    this.ensure(values.length * 5);
    const bytes = this.bytes;
    let at = this.used;
    for (let i = 0; i < values.length; i++) {
      let value = values[i];
      while (value >= 0x80) {
        bytes[at++] = (value & 0x7f) | 0x80;
        value >>>= 7;
      }
      bytes[at++] = value;
    }
    this.used = at;
  }

  /** Writes `source[start..end)` as varint length + bytes. */
  writeRange(source: Uint8Array, start: number, end: number): void {
    const length = end - start;
    this.ensure(length + 10);
    this.writeVarUint(length);
    // Short values are copied by hand: a subarray + set costs more than the bytes themselves.
    if (length <= 32) {
      const bytes = this.bytes;
      let at = this.used;
      for (let i = start; i < end; i++) bytes[at++] = source[i];
    } else {
      this.bytes.set(source.subarray(start, end), this.used);
    }
    this.used += length;
  }

  /** Writes an unsigned 64-bit value given as two 32-bit words as LEB128 (same bytes as {@link writeVarBigUint}). */
  writeVarUint64(high: number, low: number): void {
    this.ensure(10);
    const bytes = this.bytes;
    let at = this.used;
    let hi = high >>> 0;
    let lo = low >>> 0;
    while (hi !== 0 || lo >= 0x80) {
      bytes[at++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    bytes[at++] = lo;
    this.used = at;
  }

  /** Little-endian. */
  writeUint32(value: number): void {
    this.ensure(4);
    const bytes = this.bytes;
    const at = this.used;
    bytes[at] = value;
    bytes[at + 1] = value >>> 8;
    bytes[at + 2] = value >>> 16;
    bytes[at + 3] = value >>> 24;
    this.used = at + 4;
  }

  writeFloat64(value: number): void {
    this.ensure(8);
    this.view ??= new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    this.view.setFloat64(this.used, value, true);
    this.used += 8;
  }

  /** Unsigned LEB128 of a non-negative safe integer. */
  writeVarUint(value: number): void {
    this.ensure(10);
    const bytes = this.bytes;
    let at = this.used;
    // Division while the value needs more than 31 bits, shifts after.
    while (value > 0x7fffffff) {
      bytes[at++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    while (value >= 0x80) {
      bytes[at++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    bytes[at++] = value;
    this.used = at;
  }

  /** Unsigned LEB128 of a 64-bit unsigned bigint; takes the number path when it fits. */
  writeVarBigUint(value: bigint): void {
    if (value <= 0x1f_ffff_ffff_ffffn) return this.writeVarUint(Number(value));
    this.ensure(10);
    while (value >= 0x80n) {
      this.bytes[this.used++] = Number(value & 0x7fn) | 0x80;
      value >>= 7n;
    }
    this.bytes[this.used++] = Number(value);
  }

  private ensure(extra: number): void {
    if (this.used + extra <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < this.used + extra) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.bytes.subarray(0, this.used));
    this.bytes = grown;
    this.view = undefined;
  }
}

/** Reads what {@link ByteWriter} wrote; running past the end is a {@link CorruptDataError}. */
export class ByteReader {
  private offset = 0;
  private readonly view: DataView;

  private readonly buffer: Buffer;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  readByte(): number {
    this.need(1);
    return this.bytes[this.offset++];
  }

  readBytes(length: number): Uint8Array {
    this.need(length);
    const out = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  /** Reads `length` bytes as UTF-8 text. */
  readUtf8(length: number): string {
    this.need(length);
    const text = this.buffer.toString('utf8', this.offset, this.offset + length);
    this.offset += length;
    return text;
  }

  readUint32(): number {
    this.need(4);
    const value = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return value;
  }

  readFloat64(): number {
    this.need(8);
    const value = this.view.getFloat64(this.offset, true);
    this.offset += 8;
    return value;
  }

  readVarUint(): number {
    let result = 0;
    let scale = 1;
    for (let shift = 0; shift < 56; shift += 7) {
      const byte = this.readByte();
      result += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return result;
      scale *= 0x80;
    }
    throw new CorruptDataError('varint longer than a safe integer');
  }

  readVarBigUint(): bigint {
    // Fast path: up to 4 bytes fit a 28-bit number; longer ones go through bigint.
    let low = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      const byte = this.readByte();
      low |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return BigInt(low >>> 0);
    }
    let result = BigInt(low >>> 0);
    for (let shift = 28n; shift < 71n; shift += 7n) {
      const byte = this.readByte();
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return BigInt.asUintN(64, result);
    }
    throw new CorruptDataError('varint longer than 64 bits');
  }

  private need(length: number): void {
    if (length < 0 || this.offset + length > this.bytes.length) throw new CorruptDataError('unexpected end of block');
  }
}
