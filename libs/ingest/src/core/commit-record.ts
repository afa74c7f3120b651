import { catalogSegmentId } from '@prism/catalog';
import type { CommitRecord } from '@prism/catalog';
import type { PreparedCommit } from '@prism/storage';

const TRACE_ID_HEX = /^[0-9a-f]{32}$/;

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
    // Storage keys bytes by lower-case hex, the form the catalog takes: passed on as they are.
    // Only 16-byte ids are trace ids; a signal's malformed value must not fail the commit.
    traceIds: commit.traceIds.filter((hex) => TRACE_ID_HEX.test(hex)),
  };
}
