import { RowStamp, type EventizeContext, type RowBatchBuilder } from '@prism/contract';
import {
  DeclineDirect,
  SPAN_ID_BYTES,
  TRACE_ID_BYTES,
  WireAttributeWriter,
  WireType,
  isAllZero,
  skipUnknown,
  walkScopedRecords,
  type SharedCells,
  type SpanLink,
  type WireReader,
} from '@prism/otlp';
import { DEFAULT_SPANS_DATASET, SPAN_ATTRIBUTE_PREFIX, SpanSignalType } from '../../common/span-columns';
import { isKnownSpanKind } from '../../common/span-kind';
import { linksToJson } from '../span-row-writer';
import { Fixed, SpanFixedColumns } from './span-fixed-columns';
import { readLink } from './wire-link';

const LENGTH_DELIMITED = WireType.lengthDelimited;
const MAX_STATUS_CODE = 2;

/**
 * Walks an ExportTraceServiceRequest on the wire and writes its rows as it goes: resources and
 * scopes are decoded once into the model and become shared cells; span fields land in locals and
 * then in columns; events are remembered as byte ranges and written after their span. Anything
 * the model path would reject or read differently throws {@link DeclineDirect}.
 */
export class TracesWireWalker {
  private readonly fixed: SpanFixedColumns;
  private readonly attributes: WireAttributeWriter;
  /** Events carry other keys than spans: their own writer keeps the key predictions of both intact. */
  private readonly eventAttributes: WireAttributeWriter;
  private readonly stamp: RowStamp;
  private readonly eventStarts: number[] = [];
  private readonly eventEnds: number[] = [];
  /** Spans written so far. */
  spans = 0;

  constructor(
    private readonly wire: WireReader,
    private readonly builder: RowBatchBuilder,
    context: EventizeContext,
  ) {
    this.fixed = new SpanFixedColumns(builder);
    this.attributes = new WireAttributeWriter(builder, SPAN_ATTRIBUTE_PREFIX);
    this.eventAttributes = new WireAttributeWriter(builder, SPAN_ATTRIBUTE_PREFIX);
    this.stamp = new RowStamp(builder, context, DEFAULT_SPANS_DATASET);
  }

  /** Walks the whole body. */
  walkRequest(): void {
    walkScopedRecords(this.wire, this.builder, (spanEnd, shared) => this.walkSpan(spanEnd, shared));
  }

  /** Starts a row stamped with the request-wide and scope-wide columns. */
  private startRow(signalType: string, shared: SharedCells): number {
    const row = this.stamp.startRow(signalType);
    shared.write(row);
    return row;
  }

  private walkSpan(end: number, shared: SharedCells): void {
    const { wire, fixed } = this;
    const row = this.startRow(SpanSignalType.span, shared);
    // Ids stay ranges of the body: checked and copied into their columns without a view each.
    let traceIdStart = 0;
    let traceIdEnd = 0;
    let spanIdStart = 0;
    let spanIdEnd = 0;
    let parentIdStart = 0;
    let parentIdEnd = 0;
    let traceState = '';
    let flags = 0;
    let named = false;
    let kind = 0;
    let startLow = 0;
    let startHigh = 0;
    let endLow = 0;
    let endHigh = 0;
    let droppedAttributes = 0;
    let droppedEvents = 0;
    let droppedLinks = 0;
    let statusCode = 0;
    let statusMessage = '';
    let links: SpanLink[] | undefined;
    let attributeCount = 0;
    let eventCount = 0;
    while (wire.pos < end) {
      const tag = wire.rawTag();
      switch (tag) {
        case (1 << 3) | LENGTH_DELIMITED:
          traceIdEnd = wire.nestedEnd(end);
          traceIdStart = wire.pos;
          wire.pos = traceIdEnd;
          break;
        case (2 << 3) | LENGTH_DELIMITED:
          spanIdEnd = wire.nestedEnd(end);
          spanIdStart = wire.pos;
          wire.pos = spanIdEnd;
          break;
        case (3 << 3) | LENGTH_DELIMITED:
          traceState = wire.string(end);
          break;
        case (4 << 3) | LENGTH_DELIMITED:
          parentIdEnd = wire.nestedEnd(end);
          parentIdStart = wire.pos;
          wire.pos = parentIdEnd;
          break;
        case (5 << 3) | LENGTH_DELIMITED:
          wire.writeTextCell(fixed.get(Fixed.name), row, end);
          named = true;
          break;
        case (6 << 3) | WireType.varint:
          kind = wire.int32();
          break;
        case (7 << 3) | WireType.fixed64:
          startLow = wire.fixed32Bits();
          startHigh = wire.fixed32Bits();
          break;
        case (8 << 3) | WireType.fixed64:
          endLow = wire.fixed32Bits();
          endHigh = wire.fixed32Bits();
          break;
        case (9 << 3) | LENGTH_DELIMITED:
          this.attributes.write(wire, wire.nestedEnd(end), row, attributeCount++);
          break;
        case (10 << 3) | WireType.varint:
          droppedAttributes = wire.uint32();
          break;
        case (11 << 3) | LENGTH_DELIMITED: {
          const eventEnd = wire.nestedEnd(end);
          this.eventStarts[eventCount] = wire.pos;
          this.eventEnds[eventCount++] = eventEnd;
          wire.pos = eventEnd;
          break;
        }
        case (12 << 3) | WireType.varint:
          droppedEvents = wire.uint32();
          break;
        case (13 << 3) | LENGTH_DELIMITED: {
          const linkEnd = wire.nestedEnd(end);
          (links ??= []).push(readLink(wire, linkEnd));
          wire.expectEnd(linkEnd);
          break;
        }
        case (14 << 3) | WireType.varint:
          droppedLinks = wire.uint32();
          break;
        case (15 << 3) | LENGTH_DELIMITED: {
          // A repeated status replaces the earlier one whole, as protobufjs does.
          const statusEnd = wire.nestedEnd(end);
          statusCode = 0;
          statusMessage = '';
          while (wire.pos < statusEnd) {
            const statusTag = wire.rawTag();
            if (statusTag === ((2 << 3) | LENGTH_DELIMITED)) statusMessage = wire.string(statusEnd);
            else if (statusTag === ((3 << 3) | WireType.varint)) statusCode = wire.int32();
            else skipUnknown(wire, statusTag, 3);
          }
          wire.expectEnd(statusEnd);
          break;
        }
        case (16 << 3) | WireType.fixed32:
          flags = wire.fixed32Bits();
          break;
        default:
          skipUnknown(wire, tag, 16);
      }
    }
    wire.expectEnd(end);

    // The same rules as validateSpan: anything it would reject declines instead.
    checkId(wire, traceIdStart, traceIdEnd, TRACE_ID_BYTES);
    checkId(wire, spanIdStart, spanIdEnd, SPAN_ID_BYTES);
    if (parentIdEnd > parentIdStart) checkId(wire, parentIdStart, parentIdEnd, SPAN_ID_BYTES);
    if (startLow === 0 && startHigh === 0) throw new DeclineDirect('no start time');
    // The words are signed bits: compare them as the unsigned halves they are.
    if (endHigh >>> 0 < startHigh >>> 0 || (endHigh === startHigh && endLow >>> 0 < startLow >>> 0)) throw new DeclineDirect('end before start');
    if (!isKnownSpanKind(kind)) throw new DeclineDirect('unknown span kind');
    if (statusCode < 0 || statusCode > MAX_STATUS_CODE) throw new DeclineDirect('unknown status code');
    if (links !== undefined) {
      for (const link of links) {
        checkLinkId(link.traceId, TRACE_ID_BYTES);
        checkLinkId(link.spanId, SPAN_ID_BYTES);
      }
    }

    // 64-bit times go in as their 32-bit words, so no bigint is made.
    const body = wire.body;
    const traceFlags = flags & 0xff;
    fixed.get(Fixed.traceId).setBytesRange(row, body, traceIdStart, traceIdEnd);
    fixed.get(Fixed.spanId).setBytesRange(row, body, spanIdStart, spanIdEnd);
    if (traceState !== '') fixed.get(Fixed.traceState).setString(row, traceState);
    fixed.get(Fixed.traceFlags).setInt64Words(row, traceFlags, 0);
    fixed.get(Fixed.timestamp).setInt64Words(row, startLow, startHigh);
    if (parentIdEnd > parentIdStart) fixed.get(Fixed.parentSpanId).setBytesRange(row, body, parentIdStart, parentIdEnd);
    if (!named) fixed.get(Fixed.name).setString(row, '');
    fixed.get(Fixed.kind).setInt64Words(row, kind, 0);
    fixed.get(Fixed.endTimestamp).setInt64Words(row, endLow, endHigh);
    // end - start on the words: the low word borrows from the high one (the checks above keep it >= 0).
    const borrow = endLow >>> 0 < startLow >>> 0 ? 1 : 0;
    fixed.get(Fixed.duration).setInt64Words(row, endLow - startLow, endHigh - startHigh - borrow);
    fixed.get(Fixed.statusCode).setInt64Words(row, statusCode, 0);
    if (statusMessage !== '') fixed.get(Fixed.statusMessage).setString(row, statusMessage);
    // The flags field is an unsigned fixed32: its bits are the low word, the high word is 0.
    if (flags !== 0) fixed.get(Fixed.flags).setInt64Words(row, flags, 0);
    if (links !== undefined) fixed.get(Fixed.links).setString(row, linksToJson(links));
    if (droppedAttributes > 0) fixed.get(Fixed.droppedAttributesCount).setInt64Words(row, droppedAttributes, 0);
    if (droppedEvents > 0) fixed.get(Fixed.droppedEventsCount).setInt64Words(row, droppedEvents, 0);
    if (droppedLinks > 0) fixed.get(Fixed.droppedLinksCount).setInt64Words(row, droppedLinks, 0);
    this.spans++;

    if (eventCount > 0) {
      const context: EventContext = { traceIdStart, traceIdEnd, spanIdStart, spanIdEnd, traceState, traceFlags };
      for (let index = 0; index < eventCount; index++) {
        wire.pos = this.eventStarts[index];
        this.walkEvent(this.eventEnds[index], shared, context);
      }
    }
    wire.pos = end;
  }

  private walkEvent(end: number, shared: SharedCells, span: EventContext): void {
    const { wire, fixed } = this;
    const row = this.startRow(SpanSignalType.event, shared);
    const body = wire.body;
    fixed.get(Fixed.traceId).setBytesRange(row, body, span.traceIdStart, span.traceIdEnd);
    fixed.get(Fixed.spanId).setBytesRange(row, body, span.spanIdStart, span.spanIdEnd);
    if (span.traceState !== '') fixed.get(Fixed.traceState).setString(row, span.traceState);
    fixed.get(Fixed.traceFlags).setInt64Words(row, span.traceFlags, 0);
    let timeLow = 0;
    let timeHigh = 0;
    let named = false;
    let droppedAttributes = 0;
    let attributeCount = 0;
    while (wire.pos < end) {
      const tag = wire.rawTag();
      if (tag === ((1 << 3) | WireType.fixed64)) {
        timeLow = wire.fixed32Bits();
        timeHigh = wire.fixed32Bits();
      } else if (tag === ((2 << 3) | LENGTH_DELIMITED)) {
        // The span row made the name column already, so writing it here keeps the column order.
        wire.writeTextCell(fixed.get(Fixed.name), row, end);
        named = true;
      } else if (tag === ((3 << 3) | LENGTH_DELIMITED)) this.eventAttributes.write(wire, wire.nestedEnd(end), row, attributeCount++);
      else if (tag === ((4 << 3) | WireType.varint)) droppedAttributes = wire.uint32();
      else skipUnknown(wire, tag, 4);
    }
    wire.expectEnd(end);
    fixed.get(Fixed.timestamp).setInt64Words(row, timeLow, timeHigh);
    if (!named) fixed.get(Fixed.name).setString(row, '');
    if (droppedAttributes > 0) fixed.get(Fixed.droppedAttributesCount).setInt64Words(row, droppedAttributes, 0);
  }
}

/** What an event row copies from its span. */
interface EventContext {
  traceIdStart: number;
  traceIdEnd: number;
  spanIdStart: number;
  spanIdEnd: number;
  traceState: string;
  traceFlags: number;
}

/** OTLP's id rule as validateSpan applies it: the exact length and not all zeros. */
function checkId(wire: WireReader, start: number, end: number, length: number): void {
  if (end - start !== length || wire.isAllZero(start, end)) throw new DeclineDirect('invalid id');
}

/** The same rule for the ids of a link, decoded into the model. */
function checkLinkId(id: Uint8Array, length: number): void {
  if (id.length !== length || isAllZero(id)) throw new DeclineDirect('invalid id');
}
