import { listSegments, openSegmentReader, type CommitBlockStats, type LookupValue } from '@prism/storage';
import type { ColumnType } from '@prism/contract';
import type { Table } from 'apache-arrow';

/** One segment opened for pruning and reading (storage's SegmentReader satisfies it). */
export interface QuerySegment {
  /** Commit numbers in order; `readColumns` returns one record batch per commit, in this order. */
  readonly manifest: { readonly commits: ReadonlyArray<{ readonly number: number; readonly rowCount: number }> };
  columns(): Array<{ name: string; type: ColumnType }>;
  blockStats(column: string): Promise<CommitBlockStats[]>;
  mightContain(column: string, value: LookupValue): Promise<boolean[]>;
  readColumns(names: readonly string[]): Promise<Table>;
}

/** Where the engine opens segments: a small interface so tests can watch every open. */
export interface SegmentSource {
  /** Ids of a tenant's segments of a dataset (for explain's counts). */
  listSegmentIds(tenantId: string, dataset: string): Promise<string[]>;
  open(tenantId: string, dataset: string, segmentId: string): Promise<QuerySegment>;
}

/** Segments of the hot store under `root` (`PRISM_HOT_DIR`), through storage's public reader. */
export function hotSegmentSource(root: string): SegmentSource {
  return {
    listSegmentIds: async (tenantId, dataset) => (await listSegments(root, tenantId, dataset)).filter((s) => s.version > 0).map((s) => s.segmentId),
    open: (tenantId, dataset, segmentId) => openSegmentReader(root, tenantId, dataset, segmentId),
  };
}
