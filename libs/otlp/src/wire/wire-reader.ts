import { isUtf8 } from 'node:buffer';
import type { ColumnWriter } from '@prism/contract';
import { Reader } from 'protobufjs/minimal';

/** Protobuf wire types the OTLP trace messages use. */
export const WireType = { varint: 0, fixed64: 1, lengthDelimited: 2, fixed32: 5 } as const;

/**
 * Thrown inside the single-pass walk when a body is anything but plainly valid; the entry point
 * catches it and declines, so decode + eventize reports the precise issue.
 */
export class DeclineDirect extends Error {
  override readonly name = 'DeclineDirect';
}

const TWO_32 = 0x1_0000_0000;
const SAFE_HIGH_LIMIT = 0x20_0000;

/**
 * A cursor over a request body that reads the protobuf wire format the way protobufjs's `Reader`
 * does, with the common short cases inline (one- and two-byte varints, fixed32) and the rest
 * handed to a protobufjs `Reader`, so values and failures match the model path's decoder. Adds the
 * checks and conversions the walk needs without allocating: bounded nested messages, int64 values
 * as 32-bit words, and strings decoded the same way the model path's reader decodes them.
 */
export class WireReader {
  /** Offset of the next byte to read. */
  pos = 0;
  private readonly length: number;
  /** For the rare long or odd encodings: positioned at `pos` before each use. */
  private readonly fallback: Reader;
  private readonly text: Buffer;
  private readonly view: DataView;

  constructor(readonly body: Uint8Array) {
    this.length = body.length;
    this.view = new DataView(body.buffer, body.byteOffset, body.byteLength);
    this.fallback = Reader.create(body);
    this.text = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  }

  /** A varint as an unsigned 32-bit value (protobufjs `uint32`). */
  uint32(): number {
    const body = this.body;
    const pos = this.pos;
    if (pos + 1 < this.length) {
      const first = body[pos];
      if (first < 0x80) {
        this.pos = pos + 1;
        return first;
      }
      const second = body[pos + 1];
      if (second < 0x80) {
        this.pos = pos + 2;
        return (first & 0x7f) | (second << 7);
      }
    }
    const reader = this.syncedFallback();
    const value = reader.uint32();
    this.pos = reader.pos;
    return value;
  }

  /** A varint as a signed 32-bit value (protobufjs `int32`). */
  int32(): number {
    return this.uint32() | 0;
  }

  /** A varint as a boolean (protobufjs `bool`). */
  bool(): boolean {
    return this.uint32() !== 0;
  }

  /** A little-endian unsigned 32-bit value (protobufjs `fixed32`). */
  fixed32(): number {
    const body = this.body;
    const pos = this.pos;
    if (pos + 4 > this.length) throw new RangeError('index out of range');
    this.pos = pos + 4;
    return (body[pos] | (body[pos + 1] << 8) | (body[pos + 2] << 16) | (body[pos + 3] << 24)) >>> 0;
  }

  /**
   * The bits of a fixed32 as a signed 32-bit value: for the words of 64-bit fields, where an
   * unsigned value of 2^31 or more would be a heap number.
   */
  fixed32Bits(): number {
    const body = this.body;
    const pos = this.pos;
    if (pos + 4 > this.length) throw new RangeError('index out of range');
    this.pos = pos + 4;
    return body[pos] | (body[pos + 1] << 8) | (body[pos + 2] << 16) | (body[pos + 3] << 24);
  }

  /** A little-endian double (protobufjs `double`). */
  double(): number {
    const pos = this.pos;
    if (pos + 8 > this.length) throw new RangeError('index out of range');
    this.pos = pos + 8;
    return this.view.getFloat64(pos, true);
  }

  /** A zigzag varint (protobufjs `sint32`). */
  sint32(): number {
    const value = this.uint32();
    return ((value >>> 1) ^ -(value & 1)) | 0;
  }

  /** A fixed64 as the unsigned bigint protobufjs's Long gives (`fixed64`); one native read, no shifts. */
  fixed64(): bigint {
    const pos = this.pos;
    if (pos + 8 > this.length) throw new RangeError('index out of range');
    this.pos = pos + 8;
    return this.view.getBigUint64(pos, true);
  }

  /** An sfixed64 as a signed bigint (`sfixed64`). */
  sfixed64(): bigint {
    const pos = this.pos;
    if (pos + 8 > this.length) throw new RangeError('index out of range');
    this.pos = pos + 8;
    return this.view.getBigInt64(pos, true);
  }

  /** A varint uint64 as an unsigned bigint (protobufjs `uint64`); one- and two-byte values are read inline. */
  uint64(): bigint {
    const body = this.body;
    const pos = this.pos;
    if (pos + 1 < this.length) {
      const first = body[pos];
      if (first < 0x80) {
        this.pos = pos + 1;
        return BigInt(first);
      }
      const second = body[pos + 1];
      if (second < 0x80) {
        this.pos = pos + 2;
        return BigInt((first & 0x7f) | (second << 7));
      }
    }
    const reader = this.syncedFallback();
    const long = reader.uint64() as unknown as { low: number; high: number } | number;
    this.pos = reader.pos;
    return typeof long === 'number' ? BigInt(long) : unsignedBigInt(long.low, long.high);
  }

  /**
   * A varint int64 as its low and high 32-bit words, written into `words` (protobufjs `int64`);
   * values below 2^28 skip protobufjs's 64-bit reader.
   */
  int64Words(words: Int64Words): void {
    const body = this.body;
    const pos = this.pos;
    if (pos + 3 < this.length) {
      let value = 0;
      for (let index = 0; index < 4; index++) {
        const byte = body[pos + index];
        value |= (byte & 0x7f) << (7 * index);
        if (byte < 0x80) {
          this.pos = pos + index + 1;
          words.low = value;
          words.high = 0;
          return;
        }
      }
    }
    const reader = this.syncedFallback();
    const long = reader.int64() as unknown as { low: number; high: number } | number;
    this.pos = reader.pos;
    if (typeof long === 'number') {
      // Without the `long` package protobufjs yields a number; its bits are what BigInt(number) stores.
      words.low = long | 0;
      words.high = Math.floor(long / TWO_32) | 0;
    } else {
      words.low = long.low;
      words.high = long.high;
    }
  }

  /** A varint int64 as protobufjs reads it (a Long, or a number without `long`). */
  int64(): { low: number; high: number } | number {
    const reader = this.syncedFallback();
    const value = reader.int64() as unknown as { low: number; high: number } | number;
    this.pos = reader.pos;
    return value;
  }

  private syncedFallback(): Reader {
    const reader = this.fallback;
    reader.pos = this.pos;
    return reader;
  }

  /** Reads a tag and returns it; 0 field numbers and group wire types decline. */
  tag(): number {
    const tag = this.uint32();
    this.checkTag(tag);
    return tag;
  }

  /**
   * Reads a tag without checking it, for loops that compare it with the tags they know (all
   * valid) and send any other to {@link checkTag} before skipping it.
   */
  rawTag(): number {
    return this.uint32();
  }

  /** Declines a tag with field number 0 or a group or unknown wire type. */
  checkTag(tag: number): void {
    const wireType = tag & 7;
    if (tag >>> 3 === 0 || wireType === 3 || wireType === 4 || wireType > 5) throw new DeclineDirect('bad tag');
  }

  /** Reads a length prefix and returns the end of the nested bytes, which must lie within `parentEnd`. */
  nestedEnd(parentEnd: number): number {
    const length = this.uint32();
    const end = this.pos + length;
    if (end > parentEnd) throw new DeclineDirect('nested message overruns its parent');
    return end;
  }

  /** Declines unless a nested message ended exactly where its length said. */
  expectEnd(end: number): void {
    if (this.pos !== end) throw new DeclineDirect('nested message length mismatch');
  }

  /** Skips an unknown field of a known wire type, as protobufjs does. */
  skip(tag: number): void {
    const reader = this.syncedFallback();
    reader.skipType(tag & 7);
    this.pos = reader.pos;
  }

  /** Copies a length-delimited field's bytes out of the body (values kept in the model, e.g. bytes attributes). */
  bytes(parentEnd: number): Uint8Array {
    const end = this.nestedEnd(parentEnd);
    const start = this.pos;
    this.pos = end;
    return this.body.slice(start, end);
  }

  /**
   * A string field. Valid UTF-8 decodes natively (the same text protobufjs produces); anything
   * else goes through protobufjs's own decoder so replacement characters match the model path.
   */
  string(parentEnd: number): string {
    const lengthAt = this.pos;
    const end = this.nestedEnd(parentEnd);
    const start = this.pos;
    const body = this.body;
    let ascii = true;
    for (let index = start; index < end; index++) {
      if (body[index] > 0x7f) {
        ascii = false;
        break;
      }
    }
    if (ascii || isUtf8(body.subarray(start, end))) {
      this.pos = end;
      return this.text.toString(ascii ? 'latin1' : 'utf8', start, end);
    }
    const reader = this.fallback;
    reader.pos = lengthAt;
    const value = reader.string();
    this.pos = reader.pos;
    return value;
  }

  /**
   * Writes a string field into a text cell. Valid UTF-8 is copied from the body as it is (no
   * decode, no re-encode, no allocation); anything else decodes exactly as `string()` does,
   * replacement characters included.
   */
  writeTextCell(writer: ColumnWriter, row: number, parentEnd: number): void {
    const lengthAt = this.pos;
    const end = this.nestedEnd(parentEnd);
    if (writer.setUtf8Range(row, this.body, this.pos, end)) {
      this.pos = end;
      return;
    }
    this.pos = lengthAt;
    writer.setString(row, this.string(parentEnd));
  }

  /**
   * Position of the length prefix of length-delimited `field` before `end`, or -1; every
   * field up to `lastKnownField` must be length-delimited. Leaves the reader where it started.
   */
  findField(end: number, field: number, lastKnownField: number): number {
    const start = this.pos;
    let found = -1;
    while (this.pos < end) {
      const tag = this.tag();
      if ((tag & 7) !== WireType.lengthDelimited) {
        if (tag >>> 3 <= lastKnownField) throw new DeclineDirect('known field with an unexpected wire type');
        this.skip(tag);
        continue;
      }
      // protobufjs decodes every copy of a repeated singular message; only the last one is read here.
      if (tag >>> 3 === field) {
        if (found >= 0) throw new DeclineDirect('message field repeated');
        found = this.pos;
      }
      this.pos = this.nestedEnd(end);
    }
    this.pos = start;
    return found;
  }

  /**
   * Like {@link findField} for a singular message field, without scanning the message when that
   * field comes first (the usual order); the scan's checks are then left to
   * {@link forEachField}'s `singularField` and `lastKnownField`.
   */
  findLeadingField(end: number, field: number, lastKnownField: number): number {
    const tag = (field << 3) | WireType.lengthDelimited;
    if (tag < 0x80 && this.pos < end && this.body[this.pos] === tag) return this.pos + 1;
    return this.findField(end, field, lastKnownField);
  }

  /**
   * Calls `visit` with the end of each length-delimited `field` before `end`, skipping the others.
   * Declines, as {@link findField} does, a second `singularField` and a field up to
   * `lastKnownField` that is not length-delimited.
   */
  forEachField(end: number, field: number, singularField: number, lastKnownField: number, visit: (fieldEnd: number) => void): void {
    let singularSeen = false;
    while (this.pos < end) {
      const tag = this.tag();
      if ((tag & 7) !== WireType.lengthDelimited) {
        if (tag >>> 3 <= lastKnownField) throw new DeclineDirect('known field with an unexpected wire type');
        this.skip(tag);
        continue;
      }
      const fieldEnd = this.nestedEnd(end);
      if (tag >>> 3 === field) {
        visit(fieldEnd);
        this.expectEnd(fieldEnd);
        continue;
      }
      if (tag >>> 3 === singularField) {
        if (singularSeen) throw new DeclineDirect('message field repeated');
        singularSeen = true;
      }
      this.pos = fieldEnd;
    }
    this.expectEnd(end);
  }

  /** Whether bytes `[start, end)` of the body equal `expected`, compared four at a time. */
  bytesEqual(start: number, end: number, expected: DataView): boolean {
    const length = end - start;
    if (length !== expected.byteLength) return false;
    const view = this.view;
    let index = 0;
    for (; index + 4 <= length; index += 4) if (view.getInt32(start + index, true) !== expected.getInt32(index, true)) return false;
    for (; index < length; index++) if (view.getUint8(start + index) !== expected.getUint8(index)) return false;
    return true;
  }

  /** Whether bytes `[start, end)` of the body are all zero. */
  isAllZero(start: number, end: number): boolean {
    const body = this.body;
    for (let index = start; index < end; index++) if (body[index] !== 0) return false;
    return true;
  }
}

/** The 32-bit words of a 64-bit integer, as two's complement halves. */
export interface Int64Words {
  low: number;
  high: number;
}

/** The 32-bit words of an unsigned 64-bit integer as a bigint, as protobufjs's unsigned Long converts. */
export function unsignedBigInt(low: number, high: number): bigint {
  const upper = high >>> 0;
  if (upper < SAFE_HIGH_LIMIT) return BigInt(upper * TWO_32 + (low >>> 0));
  return (BigInt(upper) << 32n) | BigInt(low >>> 0);
}

/** A protobufjs int64 (Long or number) as a signed bigint. */
export function signedBigInt(value: { low: number; high: number } | number): bigint {
  if (typeof value === 'number') return BigInt(value);
  const { low, high } = value;
  if (high === 0 && low >= 0) return BigInt(low);
  if (high >= 0 && high < SAFE_HIGH_LIMIT) return BigInt(high * TWO_32 + (low >>> 0));
  return BigInt.asIntN(64, (BigInt(high >>> 0) << 32n) | BigInt(low >>> 0));
}
