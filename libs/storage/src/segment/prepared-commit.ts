import type { ColumnType } from '@prism/contract';
import type { BlockStats } from '../format/block-stats';
import type { SavedBloom } from '../format/bloom-index';

/** One block of a prepared commit, with what the catalog stores about it. */
export interface PreparedBlock {
  column: string;
  type: ColumnType;
  encoding: string;
  compression: string;
  /** Size of the block file. */
  bytes: number;
  stats: BlockStats;
  /** Bloom filter of the block, for configured columns. */
  bloom?: SavedBloom;
}

/** A segment's totals over all its commits. */
export interface SegmentTotals {
  rowCount: number;
  bytes: number;
  minTimestampNs: bigint;
  maxTimestampNs: bigint;
}

/**
 * A commit whose blocks, stats and manifest are written and fsynced but not yet visible: HEAD still
 * names the previous manifest. The ingest service records it in the catalog, then calls
 * `publish()`; if the catalog write fails it calls `abort()`.
 */
export interface PreparedCommit {
  readonly tenantId: string;
  readonly dataset: string;
  readonly segmentId: string;
  readonly windowStartNs: bigint;
  readonly windowEndNs: bigint;
  /** The manifest version HEAD will name after `publish()`; also the block number. */
  readonly manifestVersion: number;
  readonly rowCount: number;
  /** Bytes written: blocks plus the stats file. */
  readonly bytes: number;
  readonly minTimestampNs: bigint;
  readonly maxTimestampNs: bigint;
  readonly blocks: readonly PreparedBlock[];
  /** The segment's totals once this commit is published (the writer's own manifest plus this commit). */
  readonly segmentTotals: SegmentTotals;
  /**
   * Distinct values of the dataset's trace-id column (`ColumnIndexing.traceIdColumn`; none when it
   * declares none) as lower-case hex, the one form trace ids take from here to the catalog's
   * trace-hint insert: the block stats already key bytes by hex, so nothing converts them.
   */
  readonly traceIds: readonly string[];
  /** Settles once the commit's files are written and fsynced (already settled unless it came from `startEncoded`). */
  readonly durable: Promise<void>;
  /** Moves HEAD to this commit's manifest (temp + fsync + rename + fsync dir). Throws LeaseLostError if the lease is gone. */
  publish(): Promise<void>;
  /** Removes what prepare wrote; HEAD never moved. Safe to call twice. */
  abort(): Promise<void>;
}

/** Work whose files are still being written, and can be undone: a prepared commit or batch. */
export interface DurableWork {
  readonly durable: Promise<void>;
  abort(): Promise<void>;
}

/** Waits until `work`'s files are durable; if writing them failed, aborts it and rethrows. */
export async function whenDurable<T extends DurableWork>(work: T): Promise<T> {
  try {
    await work.durable;
  } catch (error) {
    await work.abort();
    throw error;
  }
  return work;
}
