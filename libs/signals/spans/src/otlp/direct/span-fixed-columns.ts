import { BaseColumn, type ColumnType, type ColumnWriter, type RowBatchBuilder } from '@prism/contract';
import { SpanColumn } from '../../common/span-columns';

/** The fixed columns of span and event rows, by slot (the row stamp's columns are `RowStamp`'s). */
const FIXED_COLUMNS: ReadonlyArray<readonly [string, ColumnType]> = [
  [BaseColumn.traceId, 'bytes'],
  [BaseColumn.spanId, 'bytes'],
  [BaseColumn.traceState, 'string'],
  [BaseColumn.traceFlags, 'int64'],
  [BaseColumn.timestamp, 'int64'],
  [SpanColumn.parentSpanId, 'bytes'],
  [SpanColumn.name, 'string'],
  [SpanColumn.kind, 'int64'],
  [SpanColumn.endTimestamp, 'int64'],
  [SpanColumn.duration, 'int64'],
  [SpanColumn.statusCode, 'int64'],
  [SpanColumn.statusMessage, 'string'],
  [SpanColumn.flags, 'int64'],
  [SpanColumn.links, 'json'],
  [SpanColumn.droppedAttributesCount, 'int64'],
  [SpanColumn.droppedEventsCount, 'int64'],
  [SpanColumn.droppedLinksCount, 'int64'],
];

/** Slot numbers of {@link FIXED_COLUMNS}. */
export const Fixed = {
  traceId: 0,
  spanId: 1,
  traceState: 2,
  traceFlags: 3,
  timestamp: 4,
  parentSpanId: 5,
  name: 6,
  kind: 7,
  endTimestamp: 8,
  duration: 9,
  statusCode: 10,
  statusMessage: 11,
  flags: 12,
  links: 13,
  droppedAttributesCount: 14,
  droppedEventsCount: 15,
  droppedLinksCount: 16,
} as const;

/**
 * Writers of the fixed span columns, fetched from the builder on first write so a column the
 * model path would never create (e.g. `links` when no span has links) is not created either.
 */
export class SpanFixedColumns {
  private readonly writers: Array<ColumnWriter | undefined> = new Array(FIXED_COLUMNS.length).fill(undefined);

  constructor(private readonly builder: RowBatchBuilder) {}

  /** The writer of fixed column `slot`. */
  get(slot: number): ColumnWriter {
    const writer = this.writers[slot];
    if (writer !== undefined) return writer;
    const [name, type] = FIXED_COLUMNS[slot];
    const created = this.builder.column(name, type);
    this.writers[slot] = created;
    return created;
  }
}
