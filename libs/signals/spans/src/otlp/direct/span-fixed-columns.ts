import { BaseColumn, type ColumnType, type ColumnWriter, type RowBatchBuilder } from '@prism/contract';
import { SpanColumn } from '../../common/span-columns';

/** The fixed columns of span and event rows, by slot. */
const FIXED_COLUMNS: ReadonlyArray<readonly [string, ColumnType]> = [
  [BaseColumn.tenantId, 'string'],
  [BaseColumn.dataset, 'string'],
  [BaseColumn.signalType, 'string'],
  [BaseColumn.ingestTs, 'int64'],
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
  tenantId: 0,
  dataset: 1,
  signalType: 2,
  ingestTs: 3,
  traceId: 4,
  spanId: 5,
  traceState: 6,
  traceFlags: 7,
  timestamp: 8,
  parentSpanId: 9,
  name: 10,
  kind: 11,
  endTimestamp: 12,
  duration: 13,
  statusCode: 14,
  statusMessage: 15,
  flags: 16,
  links: 17,
  droppedAttributesCount: 18,
  droppedEventsCount: 19,
  droppedLinksCount: 20,
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

