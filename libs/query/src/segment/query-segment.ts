import type { CommitBlockStats, LookupValue } from '@prism/storage';
import type { ColumnType } from '@prism/contract';
import type { Table } from 'apache-arrow';

/** One commit of a segment (a row group of a Parquet part): the unit pruning keeps or drops. */
export interface SegmentCommit {
  readonly number: number;
  readonly rowCount: number;
  /** Decimal nanoseconds of the commit's oldest and newest rows, when known (time-ordered top-k). */
  readonly minTimestampNs?: string;
  readonly maxTimestampNs?: string;
}

/** What a segment holds: its commits in order and its columns with their types. */
export interface SegmentLayout {
  readonly manifest: { readonly commits: ReadonlyArray<SegmentCommit> };
  columns(): Array<{ name: string; type: ColumnType }>;
}

/**
 * Pruning's view of a segment: per-commit answers from stats and filters, without reading a
 * block. Every answer array has one entry per commit, in manifest order.
 */
export interface SegmentStats extends SegmentLayout {
  /** Per-commit stats of a column's blocks (null where a commit has no block for it). */
  blockStats(column: string): Promise<CommitBlockStats[]>;
  /** Bloom filter answers: false is certain, true may be a false positive. */
  mightContain(column: string, value: LookupValue): Promise<boolean[]>;
  /**
   * Whether each commit's block of a string column holds `value` by the distinct values its stats
   * list: exact true/false, undefined when the block lists none (a source without value lists
   * answers undefined for every commit).
   */
  dictionaryContains(column: string, value: string): Promise<Array<boolean | undefined>>;
}

/** Reading's view of a segment: chosen columns of chosen commits only. */
export interface CommitReader {
  /**
   * The named columns (unknown names skipped) of only these commits, one record batch per commit
   * in segment order whatever order `commits` comes in.
   */
  readCommits(names: readonly string[], commits: readonly number[]): Promise<Table>;
}

/**
 * One segment opened for pruning and reading, whatever its tier: storage's `SegmentReader` (hot
 * and warm) and `ColdParquetSegment` (a Parquet part) satisfy it.
 */
export interface QuerySegment extends SegmentStats, CommitReader {}
