import { SegmentReaderCache, listSegments, type CommitBlockStats, type LookupValue } from '@prism/storage';
import type { Segment } from '@prism/catalog';
import type { ColumnType } from '@prism/contract';
import type { Table } from 'apache-arrow';

/** One segment opened for pruning and reading (storage's SegmentReader satisfies it). */
export interface QuerySegment {
  /** Commit numbers in order; `readColumns` returns one record batch per commit, in this order. */
  readonly manifest: {
    readonly commits: ReadonlyArray<{ readonly number: number; readonly rowCount: number; readonly minTimestampNs?: string; readonly maxTimestampNs?: string }>;
  };
  columns(): Array<{ name: string; type: ColumnType }>;
  blockStats(column: string): Promise<CommitBlockStats[]>;
  mightContain(column: string, value: LookupValue): Promise<boolean[]>;
  readColumns(names: readonly string[]): Promise<Table>;
  /**
   * Per commit, whether its block of a string column holds `value` by the distinct values its
   * stats list: exact true/false, undefined when the block lists none. Optional (cold parts lack it).
   */
  dictionaryContains?(column: string, value: string): Promise<Array<boolean | undefined>>;
  /** Which tier the rows come from (hot when absent). */
  readonly tier?: 'hot' | 'warm' | 'cold';
  /** Reads only these commits (row groups); when absent the engine reads all and skips pruned ones. */
  readCommits?(names: readonly string[], commits: readonly number[]): Promise<Table>;
  /** Bytes fetched from the object store so far, for explain. */
  fetchedBytes?(): number;
}

/** One thing the engine reads: a segment, or a Parquet part holding several parquetized segments. */
export interface SegmentUnit {
  /** For explain: `tenant/dataset/segment` or the Parquet object key. */
  label: string;
  firstTimestampNs: bigint;
  /** Newest row's timestamp, when known: lets a newest-first top-k skip older units unopened. */
  lastTimestampNs?: bigint;
  open(): Promise<QuerySegment>;
}

/** Where the engine opens segments: a small interface so tests can watch every open. */
export interface SegmentSource {
  /** Ids of a tenant's segments of a dataset (for explain's counts). */
  listSegmentIds(tenantId: string, dataset: string): Promise<string[]>;
  open(tenantId: string, dataset: string, segmentId: string): Promise<QuerySegment>;
  /**
   * The units to read for the catalog's candidate segments, each row in exactly one (tiered
   * sources pick a tier per segment by its state). When absent, every candidate is `open`ed hot.
   */
  units?(tenantId: string, dataset: string, segments: readonly Segment[]): Promise<SegmentUnit[]>;
}

/**
 * Segments of the hot store under `root` (`PRISM_HOT_DIR`), through storage's public reader.
 * Readers are kept between queries while their segment's HEAD does not move (`SegmentReaderCache`).
 */
export function hotSegmentSource(root: string, readers = new SegmentReaderCache()): SegmentSource {
  return {
    listSegmentIds: async (tenantId, dataset) => (await listSegments(root, tenantId, dataset)).filter((s) => s.version > 0).map((s) => s.segmentId),
    open: (tenantId, dataset, segmentId) => readers.open(root, tenantId, dataset, segmentId),
  };
}
