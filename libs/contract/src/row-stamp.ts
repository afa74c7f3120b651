import { BaseColumn } from './column-names';
import type { ColumnWriter, RowBatchBuilder } from './row-batch-builder';
import type { EventizeContext } from './signal-ingest';

/**
 * Starts rows stamped with what every row of one request shares: tenant, dataset, signal type and
 * ingest time. Every eventizer starts its rows here, so the stamp is written one way. The column
 * writers are fetched on first use and the ingest time is split into words once, so stamping costs
 * four indexed writes per row (the single-pass span path relies on that).
 *
 * @example
 * const stamp = new RowStamp(builder, context, 'logs');
 * const row = stamp.startRow('log');
 * builder.setInt64(BaseColumn.timestamp, record.timeUnixNano);
 */
export class RowStamp {
  /** The dataset rows are stamped with: the context's, else the signal's default. */
  readonly dataset: string;
  private readonly ingestTsLow: number;
  private readonly ingestTsHigh: number;
  private tenantId: ColumnWriter | undefined;
  private datasetColumn: ColumnWriter | undefined;
  private signalType: ColumnWriter | undefined;
  private ingestTs: ColumnWriter | undefined;

  constructor(
    private readonly builder: RowBatchBuilder,
    private readonly context: EventizeContext,
    defaultDataset: string,
  ) {
    this.dataset = context.dataset ?? defaultDataset;
    this.ingestTsLow = Number(BigInt.asIntN(32, context.ingestTs));
    this.ingestTsHigh = Number(BigInt.asIntN(32, context.ingestTs >> 32n));
  }

  /** Starts a row of `signalType` and writes the request-wide columns into it; returns its index. */
  startRow(signalType: string): number {
    const builder = this.builder;
    const row = builder.startRow();
    (this.tenantId ??= builder.column(BaseColumn.tenantId, 'string')).setString(row, this.context.tenantId);
    (this.datasetColumn ??= builder.column(BaseColumn.dataset, 'string')).setString(row, this.dataset);
    (this.signalType ??= builder.column(BaseColumn.signalType, 'string')).setString(row, signalType);
    (this.ingestTs ??= builder.column(BaseColumn.ingestTs, 'int64')).setInt64Words(row, this.ingestTsLow, this.ingestTsHigh);
    return row;
  }
}
