import { BaseColumn, RowStamp, writeTypedValue, type ColumnType, type ColumnWriter, type EventizeContext, type RowBatchBuilder } from '@prism/contract';
import {
  DeclineDirect,
  SPAN_ID_BYTES,
  TRACE_ID_BYTES,
  WireAttributeWriter,
  WireType,
  anyValueToTyped,
  readAnyValue,
  skipUnknown,
  walkScopedRecords,
  type SharedCells,
  type WireReader,
} from '@prism/otlp';
import { DEFAULT_LOGS_DATASET, LOG_ATTRIBUTE_PREFIX, LOG_SIGNAL_TYPE, LogBodyColumn, LogColumn } from '../../common/log-columns';

const LENGTH_DELIMITED = WireType.lengthDelimited;
const FIXED64 = WireType.fixed64;
const VARINT = WireType.varint;
/** The low byte of LogRecord.flags holds the W3C trace flags (as in the model path). */
const TRACE_FLAGS_MASK = 0xff;
/** LogRecord's highest field number; 4 is reserved (was `ShortName`) and skipped like any unknown field. */
const LAST_LOG_RECORD_FIELD = 12;
const RESERVED_LOG_RECORD_FIELD = 4;

/** The fixed columns of log rows, by slot, created on first write as the model path creates them. */
const FIXED_COLUMNS: ReadonlyArray<readonly [string, ColumnType]> = [
  [BaseColumn.timestamp, 'int64'],
  [LogColumn.observedTimestamp, 'int64'],
  [BaseColumn.traceId, 'bytes'],
  [BaseColumn.spanId, 'bytes'],
  [BaseColumn.traceFlags, 'int64'],
  [LogBodyColumn.string, 'string'],
  [LogColumn.severityNumber, 'int64'],
  [LogColumn.severityText, 'string'],
  [LogColumn.eventName, 'string'],
  [LogColumn.droppedAttributesCount, 'int64'],
];

const Fixed = {
  timestamp: 0,
  observedTimestamp: 1,
  traceId: 2,
  spanId: 3,
  traceFlags: 4,
  body: 5,
  severityNumber: 6,
  severityText: 7,
  eventName: 8,
  droppedAttributesCount: 9,
} as const;

/**
 * Walks an ExportLogsServiceRequest on the wire and writes one row per log record, with the
 * columns and values of `eventizeLogs`. Record fields land in locals (strings and ids as ranges of
 * the body) and are written once the record ends, so a repeated field keeps its last value as
 * protobufjs does. A record the model path would reject (a trace or span id of the wrong length)
 * or read differently throws {@link DeclineDirect}.
 */
export class LogsWireWalker {
  private readonly writers: Array<ColumnWriter | undefined> = new Array(FIXED_COLUMNS.length).fill(undefined);
  private readonly attributes: WireAttributeWriter;
  private readonly stamp: RowStamp;
  private readonly ingestTs: bigint;
  /** Log records written so far. */
  records = 0;

  constructor(
    private readonly wire: WireReader,
    private readonly builder: RowBatchBuilder,
    context: EventizeContext,
  ) {
    this.attributes = new WireAttributeWriter(builder, LOG_ATTRIBUTE_PREFIX);
    this.stamp = new RowStamp(builder, context, DEFAULT_LOGS_DATASET);
    this.ingestTs = context.ingestTs;
  }

  /** Walks the whole body. */
  walkRequest(): void {
    walkScopedRecords(this.wire, this.builder, (recordEnd, shared) => this.walkRecord(recordEnd, shared));
  }

  private fixed(slot: number): ColumnWriter {
    const writer = this.writers[slot];
    if (writer !== undefined) return writer;
    const [name, type] = FIXED_COLUMNS[slot];
    return (this.writers[slot] = this.builder.column(name, type));
  }

  private walkRecord(end: number, shared: SharedCells): void {
    const { wire } = this;
    const row = this.stamp.startRow(LOG_SIGNAL_TYPE);
    shared.write(row);
    let timeLow = 0;
    let timeHigh = 0;
    let observedLow = 0;
    let observedHigh = 0;
    let severityNumber = 0;
    // Strings are remembered by the position of their length prefix (-1: absent) and written last.
    let severityTextAt = -1;
    let eventNameAt = -1;
    let bodyStart = -1;
    let bodyEnd = 0;
    let droppedAttributes = 0;
    let flags = 0;
    let traceIdStart = 0;
    let traceIdEnd = 0;
    let spanIdStart = 0;
    let spanIdEnd = 0;
    let attributeCount = 0;
    while (wire.pos < end) {
      const tag = wire.rawTag();
      switch (tag) {
        case (1 << 3) | FIXED64:
          timeLow = wire.fixed32Bits();
          timeHigh = wire.fixed32Bits();
          break;
        case (11 << 3) | FIXED64:
          observedLow = wire.fixed32Bits();
          observedHigh = wire.fixed32Bits();
          break;
        case (2 << 3) | VARINT:
          severityNumber = wire.int32();
          break;
        case (3 << 3) | LENGTH_DELIMITED:
          severityTextAt = skipLengthDelimited(wire, end);
          break;
        case (5 << 3) | LENGTH_DELIMITED:
          // protobufjs decodes (and may fail on) a body it then replaces: decline a second one.
          if (bodyStart >= 0) throw new DeclineDirect('log body repeated');
          bodyEnd = wire.nestedEnd(end);
          bodyStart = wire.pos;
          wire.pos = bodyEnd;
          break;
        case (6 << 3) | LENGTH_DELIMITED:
          this.attributes.write(wire, wire.nestedEnd(end), row, attributeCount++);
          break;
        case (7 << 3) | VARINT:
          droppedAttributes = wire.uint32();
          break;
        case (8 << 3) | WireType.fixed32:
          flags = wire.fixed32Bits();
          break;
        case (9 << 3) | LENGTH_DELIMITED:
          traceIdEnd = wire.nestedEnd(end);
          traceIdStart = wire.pos;
          wire.pos = traceIdEnd;
          break;
        case (10 << 3) | LENGTH_DELIMITED:
          spanIdEnd = wire.nestedEnd(end);
          spanIdStart = wire.pos;
          wire.pos = spanIdEnd;
          break;
        case (12 << 3) | LENGTH_DELIMITED:
          eventNameAt = skipLengthDelimited(wire, end);
          break;
        default:
          if (tag >>> 3 === RESERVED_LOG_RECORD_FIELD) {
            wire.checkTag(tag);
            wire.skip(tag);
          } else skipUnknown(wire, tag, LAST_LOG_RECORD_FIELD);
      }
    }
    wire.expectEnd(end);

    // checkOptionalId: an unset (empty) id is fine, any other length rejects the record.
    const traceIdLength = traceIdEnd - traceIdStart;
    const spanIdLength = spanIdEnd - spanIdStart;
    if (traceIdLength !== 0 && traceIdLength !== TRACE_ID_BYTES) throw new DeclineDirect('invalid trace id');
    if (spanIdLength !== 0 && spanIdLength !== SPAN_ID_BYTES) throw new DeclineDirect('invalid span id');

    // As the model path: the event time, else the observed time, else the ingest time.
    const hasTime = timeLow !== 0 || timeHigh !== 0;
    const hasObserved = observedLow !== 0 || observedHigh !== 0;
    if (hasTime) this.fixed(Fixed.timestamp).setInt64Words(row, timeLow, timeHigh);
    else if (hasObserved) this.fixed(Fixed.timestamp).setInt64Words(row, observedLow, observedHigh);
    else this.fixed(Fixed.timestamp).setInt64(row, this.ingestTs);
    if (hasObserved) this.fixed(Fixed.observedTimestamp).setInt64Words(row, observedLow, observedHigh);

    // An all-zero id means "no trace context" (isIdPresent): no cell.
    const body = wire.body;
    const traceIdPresent = traceIdLength !== 0 && !wire.isAllZero(traceIdStart, traceIdEnd);
    const spanIdPresent = spanIdLength !== 0 && !wire.isAllZero(spanIdStart, spanIdEnd);
    if (traceIdPresent) this.fixed(Fixed.traceId).setBytesRange(row, body, traceIdStart, traceIdEnd);
    if (spanIdPresent) this.fixed(Fixed.spanId).setBytesRange(row, body, spanIdStart, spanIdEnd);
    const traceFlags = flags & TRACE_FLAGS_MASK;
    if (traceIdPresent || spanIdPresent || traceFlags !== 0) this.fixed(Fixed.traceFlags).setInt64Words(row, traceFlags, 0);

    if (bodyStart >= 0) this.writeBody(bodyStart, bodyEnd, row);
    if (severityNumber !== 0) this.fixed(Fixed.severityNumber).setInt64Words(row, severityNumber, severityNumber >> 31);
    if (severityTextAt >= 0) this.writeText(Fixed.severityText, severityTextAt, end, row);
    if (eventNameAt >= 0) this.writeText(Fixed.eventName, eventNameAt, end, row);
    if (droppedAttributes !== 0) this.fixed(Fixed.droppedAttributesCount).setInt64Words(row, droppedAttributes, 0);
    wire.pos = end;
    this.records++;
  }

  /** A non-empty string field (the model path leaves empty strings, the proto3 default, null). */
  private writeText(slot: number, lengthAt: number, end: number, row: number): void {
    const { wire } = this;
    wire.pos = lengthAt;
    const textEnd = wire.nestedEnd(end);
    if (textEnd === wire.pos) return;
    wire.pos = lengthAt;
    wire.writeTextCell(this.fixed(slot), row, end);
  }

  /** The body as writeLogBody writes it: strings copied from the wire, other values through the model. */
  private writeBody(start: number, end: number, row: number): void {
    const { wire } = this;
    const body = wire.body;
    wire.pos = start;
    // The usual body: one string member filling the AnyValue.
    if (body[start] === ((1 << 3) | LENGTH_DELIMITED) && start + 1 < end) {
      wire.pos = start + 1;
      const textEnd = wire.nestedEnd(end);
      if (textEnd === end) {
        wire.pos = start + 1;
        wire.writeTextCell(this.fixed(Fixed.body), row, end);
        return;
      }
      wire.pos = start;
    }
    const value = readAnyValue(wire, end, 1);
    wire.expectEnd(end);
    if (value.kind === 'string') {
      this.fixed(Fixed.body).setString(row, value.value);
      return;
    }
    const typed = anyValueToTyped(value);
    if (typed !== undefined) writeTypedValue(this.builder.column(LogBodyColumn[typed.type], typed.type), row, typed);
  }
}

/** Skips a length-delimited field and returns the position of its length prefix. */
function skipLengthDelimited(wire: WireReader, end: number): number {
  const lengthAt = wire.pos;
  wire.pos = wire.nestedEnd(end);
  return lengthAt;
}
