import { BaseColumn, type EventizeContext, type RowBatchBuilder, type TypedValue } from '@prism/contract';

/** A column value computed once and written into many rows (resource and scope columns). */
export interface CachedColumn {
  column: string;
  value: TypedValue;
}

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

  /** Writes cached columns (resource, scope) into the current row. */
  writeCached(columns: readonly CachedColumn[]): void {
    for (let index = 0; index < columns.length; index++) {
      this.builder.setValue(columns[index].column, columns[index].value);
    }
  }
}
