import { catalogSegmentId } from '@prism/catalog';
import type { CommitRecord } from '@prism/catalog';
import type { PreparedCommit } from '@prism/storage';

/**
 * The catalog record of one prepared segment commit: the segment row (absolute totals) and trace
 * hints. Block stats stay in the segment's own stats files, where query prunes blocks
 * (`SegmentReader.blockStats`); nothing reads per-commit block stats from the catalog.
 */
export function commitRecordOf(commit: PreparedCommit, shardId: number, formatVersion: number): CommitRecord {
  return {
    segment: {
      segmentId: catalogSegmentId({ tenantId: commit.tenantId, dataset: commit.dataset, segmentId: commit.segmentId }),
      dataset: commit.dataset,
      shardId,
      state: 'open',
      ...commit.segmentTotals,
      manifestVersion: commit.manifestVersion,
      formatVersion,
    },
    traceIds: commit.traceIds.filter((hex) => /^[0-9a-f]{32}$/.test(hex)).map((hex) => Uint8Array.from(Buffer.from(hex, 'hex'))),
  };
}
