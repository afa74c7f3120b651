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
 * protobufjs's `Reader` over a request body, plus the checks and conversions the walk needs
 * without allocating: bounded nested messages, unsigned fixed64 halves, and strings decoded the
 * same way the model path's reader decodes them.
 */
export class WireReader {
  readonly reader: Reader;
  private readonly text: Buffer;

  constructor(readonly body: Uint8Array) {
    this.reader = Reader.create(body);
    this.text = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  }

  get pos(): number {
    return this.reader.pos;
  }

  /** Reads a tag and returns it; 0 field numbers and group wire types decline. */
  tag(): number {
    const tag = this.reader.uint32();
    const wireType = tag & 7;
    if (tag >>> 3 === 0 || wireType === 3 || wireType === 4 || wireType > 5) throw new DeclineDirect('bad tag');
    return tag;
  }

  /** Reads a length prefix and returns the end of the nested bytes, which must lie within `parentEnd`. */
  nestedEnd(parentEnd: number): number {
    const length = this.reader.uint32();
    const end = this.reader.pos + length;
    if (end > parentEnd) throw new DeclineDirect('nested message overruns its parent');
    return end;
  }

  /** Declines unless a nested message ended exactly where its length said. */
  expectEnd(end: number): void {
    if (this.reader.pos !== end) throw new DeclineDirect('nested message length mismatch');
  }

  /** Skips an unknown field of a known wire type, as protobufjs does. */
  skip(tag: number): void {
    this.reader.skipType(tag & 7);
  }

  /** Copies a length-delimited field's bytes out of the body (values kept in the model, e.g. bytes attributes). */
  bytes(parentEnd: number): Uint8Array {
    const end = this.nestedEnd(parentEnd);
    const start = this.reader.pos;
    this.reader.pos = end;
    return this.body.slice(start, end);
  }

  /**
   * A view of a length-delimited field's bytes inside the body, for cells: the builder copies
   * bytes cells into its own buffer when the batch is built, so views never outlive the body's use.
   */
  bytesView(parentEnd: number): Uint8Array {
    const end = this.nestedEnd(parentEnd);
    const start = this.reader.pos;
    this.reader.pos = end;
    return this.body.subarray(start, end);
  }

  /**
   * A string field. Valid UTF-8 decodes natively (the same text protobufjs produces); anything
   * else goes through protobufjs's own decoder so replacement characters match the model path.
   */
  string(parentEnd: number): string {
    const lengthAt = this.reader.pos;
    const end = this.nestedEnd(parentEnd);
    const start = this.reader.pos;
    const body = this.body;
    let ascii = true;
    for (let index = start; index < end; index++) {
      if (body[index] > 0x7f) {
        ascii = false;
        break;
      }
    }
    if (ascii || isUtf8(body.subarray(start, end))) {
      this.reader.pos = end;
      return this.text.toString(ascii ? 'latin1' : 'utf8', start, end);
    }
    this.reader.pos = lengthAt;
    return this.reader.string();
  }

  /**
   * Writes a string field into a text cell. Valid UTF-8 is recorded as a range of the body (the
   * builder copies it when the batch is built: no decode, no re-encode, no allocation); anything
   * else decodes exactly as `string()` does, replacement characters included.
   */
  writeTextCell(writer: ColumnWriter, row: number, parentEnd: number): void {
    const lengthAt = this.reader.pos;
    const end = this.nestedEnd(parentEnd);
    const start = this.reader.pos;
    const body = this.body;
    let ascii = true;
    for (let index = start; index < end; index++) {
      if (body[index] > 0x7f) {
        ascii = false;
        break;
      }
    }
    if (ascii || isUtf8(body.subarray(start, end))) {
      this.reader.pos = end;
      writer.setUtf8Range(row, body, start, end);
      return;
    }
    this.reader.pos = lengthAt;
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
      this.reader.pos = this.nestedEnd(end);
    }
    this.reader.pos = start;
    return found;
  }

  /** Calls `visit` with the end of each length-delimited `field` before `end`, skipping the others. */
  forEachField(end: number, field: number, visit: (fieldEnd: number) => void): void {
    while (this.pos < end) {
      const tag = this.tag();
      if ((tag & 7) !== WireType.lengthDelimited) {
        this.skip(tag);
        continue;
      }
      const fieldEnd = this.nestedEnd(end);
      if (tag >>> 3 === field) {
        visit(fieldEnd);
        this.expectEnd(fieldEnd);
      } else this.reader.pos = fieldEnd;
    }
    this.expectEnd(end);
  }

  /** Whether bytes `[start, end)` of the body equal `expected`. */
  bytesEqual(start: number, end: number, expected: Uint8Array): boolean {
    if (end - start !== expected.length) return false;
    const body = this.body;
    for (let index = 0; index < expected.length; index++) if (body[start + index] !== expected[index]) return false;
    return true;
  }
}

/** An unsigned 64-bit value from its 32-bit halves, as protobufjs's Long → bigint conversion gives it. */
export function unsignedBigInt(low: number, high: number): bigint {
  if (high < SAFE_HIGH_LIMIT) return BigInt(high * TWO_32 + low);
  return (BigInt(high) << 32n) | BigInt(low);
}

/** A protobufjs int64 (Long or number) as a signed bigint. */
export function signedBigInt(value: { low: number; high: number } | number): bigint {
  if (typeof value === 'number') return BigInt(value);
  const { low, high } = value;
  if (high === 0 && low >= 0) return BigInt(low);
  if (high >= 0 && high < SAFE_HIGH_LIMIT) return BigInt(high * TWO_32 + (low >>> 0));
  return BigInt.asIntN(64, (BigInt(high >>> 0) << 32n) | BigInt(low >>> 0));
}
