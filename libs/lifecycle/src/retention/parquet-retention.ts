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
 * How retention finds and forgets Parquet files (`catalogParquetRetention` over the catalog's
 * `parquet_files`); retention deletes the objects itself, then calls `forget` for the catalog rows.
 */
export interface ParquetRetentionSource {
  /** Datasets of a tenant that have Parquet files (a dataset may have files but no segment rows left). */
  datasets(tenantId: string): Promise<string[]>;
  /** A dataset's files whose whole hour ended before `beforeNs`, at most `limit` of them. */
  expiredFiles(tenantId: string, dataset: string, beforeNs: bigint, limit?: number): Promise<ExpiredParquetFile[]>;
  /** Removes the catalog rows of files whose objects are gone (files, row groups, segment links). */
  forget(tenantId: string, keys: readonly string[]): Promise<void>;
}
