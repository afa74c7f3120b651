/** A Parquet file past its retention. */
export interface ExpiredParquetFile {
  tenantId: string;
  dataset: string;
  /** Object key of the file. */
  key: string;
  bytes: number;
  /** Newest row in the file, ns. */
  maxTimestampNs: bigint;
}

/**
 * How retention finds and forgets Parquet files. Part 2 (the parquetizer) implements it over its
 * catalog table; retention deletes the objects itself, then calls `forget` for the catalog rows.
 */
export interface ParquetRetentionSource {
  /** A dataset's files whose newest row is older than `beforeNs`. */
  expiredFiles(tenantId: string, dataset: string, beforeNs: bigint): Promise<ExpiredParquetFile[]>;
  /** Removes the catalog rows of files whose objects are gone. */
  forget(tenantId: string, keys: readonly string[]): Promise<void>;
}
