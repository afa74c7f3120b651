import type { ColumnType, ColumnWriter, RowBatchBuilder } from '@prism/contract';
import { anyValueToJson } from '../any-value';
import { readAnyValue } from './wire-model';
import { DeclineDirect, WireType, type Int64Words, type WireReader } from './wire-reader';

/** The columns of one attribute key, one writer per value type seen. */
interface KeyColumns {
  readonly keyBytes: DataView;
  readonly column: string;
  readonly writers: Array<ColumnWriter | undefined>;
}

const KEY_TAG = (1 << 3) | WireType.lengthDelimited;
const VALUE_TAG = (2 << 3) | WireType.lengthDelimited;
const TYPE_INDEX = { string: 0, bool: 1, int64: 2, double: 3, bytes: 4, json: 5 } as const;
const TYPES: readonly ColumnType[] = ['string', 'bool', 'int64', 'double', 'bytes', 'json'];

/**
 * Writes KeyValue messages straight from the wire into `<prefix><key>` columns. Records of one
 * request mostly repeat the previous record's keys in the same order, so the key at position i is
 * first compared byte for byte with the one seen there before: no key string is decoded and no
 * map is consulted unless the key changed.
 */
export class WireAttributeWriter {
  private readonly predicted: KeyColumns[] = [];
  private readonly byKey = new Map<string, KeyColumns>();
  /** Scratch for int values, read as 32-bit words so no bigint is made per cell. */
  private readonly words: Int64Words = { low: 0, high: 0 };

  constructor(
    private readonly builder: RowBatchBuilder,
    private readonly prefix: string,
  ) {}

  /** Reads the KeyValue message ending at `end` (the `position`-th of its record) and writes its value into `row`. */
  write(wire: WireReader, end: number, row: number, position: number): void {
    // The usual encoding: key then value, each with a one-byte length, and nothing else.
    const body = wire.body;
    const at = wire.pos;
    if (body[at] === KEY_TAG && at + 4 <= end) {
      const keyEnd = at + 2 + body[at + 1];
      const valueStart = keyEnd + 2;
      if (body[at + 1] < 0x80 && valueStart <= end && body[keyEnd] === VALUE_TAG && body[keyEnd + 1] < 0x80 && valueStart + body[keyEnd + 1] === end) {
        const columns = this.columnsOf(wire, position, at + 1, at + 2, keyEnd);
        wire.pos = valueStart;
        this.writeValue(wire, end, columns, row);
        wire.pos = end;
        return;
      }
    }
    this.writeAnyEncoding(wire, end, row, position);
  }

  private writeAnyEncoding(wire: WireReader, end: number, row: number, position: number): void {
    let keyLengthAt = -1;
    let keyStart = 0;
    let keyEnd = 0;
    let valueStart = -1;
    let valueEnd = 0;
    while (wire.pos < end) {
      const tag = wire.rawTag();
      // protobufjs would decode (and could fail on) a repeated key or value it later replaces: decline.
      if (tag === ((1 << 3) | WireType.lengthDelimited)) {
        if (keyLengthAt >= 0) throw new DeclineDirect('KeyValue with two keys');
        keyLengthAt = wire.pos;
        keyEnd = wire.nestedEnd(end);
        keyStart = wire.pos;
        wire.pos = keyEnd;
      } else if (tag === ((2 << 3) | WireType.lengthDelimited)) {
        if (valueStart >= 0) throw new DeclineDirect('KeyValue with two values');
        valueEnd = wire.nestedEnd(end);
        valueStart = wire.pos;
        wire.pos = valueEnd;
      } else if (tag >>> 3 > 2) {
        wire.checkTag(tag);
        wire.skip(tag);
      } else throw new DeclineDirect('KeyValue field with an unexpected wire type');
    }
    wire.expectEnd(end);
    if (valueStart < 0) return;
    const columns = this.columnsOf(wire, position, keyLengthAt, keyStart, keyEnd);
    wire.pos = valueStart;
    this.writeValue(wire, valueEnd, columns, row);
    wire.pos = end;
  }

  private columnsOf(wire: WireReader, position: number, keyLengthAt: number, keyStart: number, keyEnd: number): KeyColumns {
    const guess = this.predicted[position];
    if (guess !== undefined && wire.bytesEqual(keyStart, keyEnd, guess.keyBytes)) return guess;
    let key = '';
    if (keyLengthAt >= 0) {
      wire.pos = keyLengthAt;
      key = wire.string(keyEnd);
    }
    let columns = this.byKey.get(key);
    if (columns === undefined) {
      columns = { keyBytes: new DataView(wire.body.slice(keyStart, keyEnd).buffer), column: this.prefix + key, writers: [] };
      this.byKey.set(key, columns);
    }
    this.predicted[position] = columns;
    return columns;
  }

  private writer(columns: KeyColumns, typeIndex: number): ColumnWriter {
    let writer = columns.writers[typeIndex];
    if (writer === undefined) {
      writer = this.builder.column(columns.column, TYPES[typeIndex]);
      columns.writers[typeIndex] = writer;
    }
    return writer;
  }

  /** Writes the AnyValue ending at `end`; an empty value leaves the cell null, as the model path does. */
  private writeValue(wire: WireReader, end: number, columns: KeyColumns, row: number): void {
    if (wire.pos === end) return;
    const start = wire.pos;
    // Unknown tags go to readAnyValue below, which checks them.
    const tag = wire.rawTag();
    switch (tag) {
      case (1 << 3) | WireType.lengthDelimited:
        wire.writeTextCell(this.writer(columns, TYPE_INDEX.string), row, end);
        break;
      case (2 << 3) | WireType.varint:
        this.writer(columns, TYPE_INDEX.bool).setNumber(row, wire.bool() ? 1 : 0);
        break;
      case (3 << 3) | WireType.varint:
        wire.int64Words(this.words);
        this.writer(columns, TYPE_INDEX.int64).setInt64Words(row, this.words.low, this.words.high);
        break;
      case (4 << 3) | WireType.fixed64:
        this.writer(columns, TYPE_INDEX.double).setNumber(row, wire.double());
        break;
      case (7 << 3) | WireType.lengthDelimited:
        this.writer(columns, TYPE_INDEX.bytes).setBytes(row, wire.bytes(end));
        break;
      default: {
        // Arrays and kvlists are rare: decode them to the model and format JSON as the model path does.
        wire.pos = start;
        const value = readAnyValue(wire, end, 1);
        wire.expectEnd(end);
        if (value.kind !== 'array' && value.kind !== 'kvlist') throw new DeclineDirect('unexpected AnyValue');
        this.writer(columns, TYPE_INDEX.json).setString(row, JSON.stringify(anyValueToJson(value)));
        return;
      }
    }
    // A second oneof member would make the model path pick by priority, not by order: decline.
    if (wire.pos !== end) throw new DeclineDirect('AnyValue with several members');
  }
}
