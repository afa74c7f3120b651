import { BaseColumn, type EventizeContext, type RowBatchBuilder } from '@prism/contract';

/**
 * Starts rows stamped with what every row of one request shares: tenant, dataset, ingest time
 * and signal type.
 */
export class RowStamp {
  private readonly dataset: string;

  constructor(
    private readonly builder: RowBatchBuilder,
    private readonly context: EventizeContext,
    defaultDataset: string,
  ) {
    this.dataset = context.dataset ?? defaultDataset;
  }

  /** Starts a row of `signalType` and writes the request-wide columns into it. */
  startRow(signalType: string): void {
    const builder = this.builder;
    builder.startRow();
    builder.setString(BaseColumn.tenantId, this.context.tenantId);
    builder.setString(BaseColumn.dataset, this.dataset);
    builder.setString(BaseColumn.signalType, signalType);
    builder.setInt64(BaseColumn.ingestTs, this.context.ingestTs);
  }
}
