import { catalogSegmentId } from '@prism/catalog';
import type { CommitRecord } from '@prism/catalog';
import { openSegmentReader, type PreparedCommit, type SegmentManifest } from '@prism/storage';

/** What the catalog's segment row holds after a commit: totals over the whole manifest, not deltas. */
export interface SegmentTotals {
  rowCount: number;
  bytes: number;
  minTimestampNs: bigint;
  maxTimestampNs: bigint;
}

/**
 * Totals of the segment once `commit` is published: the published manifest (HEAD) plus this commit.
 * Commits to one segment are serialized by the writer, so HEAD is exactly the commit's base version;
 * anything else means another writer moved it, and the catalog must not be told a guess.
 */
export async function segmentTotalsAfter(hotRoot: string, commit: PreparedCommit): Promise<SegmentTotals> {
  const reader = await openSegmentReader(hotRoot, commit.tenantId, commit.dataset, commit.segmentId);
  if (reader.version !== commit.manifestVersion - 1) {
    throw new Error(`segment ${commit.segmentId}: HEAD is ${reader.version}, expected ${commit.manifestVersion - 1}`);
  }
  return addCommit(totalsOf(reader.manifest), commit);
}

function totalsOf(manifest: SegmentManifest): SegmentTotals | undefined {
  if (manifest.commits.length === 0) return undefined;
  let totals: SegmentTotals | undefined;
  for (const commit of manifest.commits) {
    const next = { rowCount: commit.rowCount, bytes: commit.bytes, minTimestampNs: BigInt(commit.minTimestampNs), maxTimestampNs: BigInt(commit.maxTimestampNs) };
    totals = totals === undefined ? next : merge(totals, next);
  }
  return totals;
}

function addCommit(base: SegmentTotals | undefined, commit: PreparedCommit): SegmentTotals {
  const own = { rowCount: commit.rowCount, bytes: commit.bytes, minTimestampNs: commit.minTimestampNs, maxTimestampNs: commit.maxTimestampNs };
  return base === undefined ? own : merge(base, own);
}

function merge(a: SegmentTotals, b: SegmentTotals): SegmentTotals {
  return {
    rowCount: a.rowCount + b.rowCount,
    bytes: a.bytes + b.bytes,
    minTimestampNs: a.minTimestampNs < b.minTimestampNs ? a.minTimestampNs : b.minTimestampNs,
    maxTimestampNs: a.maxTimestampNs > b.maxTimestampNs ? a.maxTimestampNs : b.maxTimestampNs,
  };
}

/**
 * The catalog record of one prepared segment commit: the segment row (absolute totals) and trace
 * hints. Block stats stay in the segment's own stats files, where query prunes blocks
 * (`SegmentReader.blockStats`); nothing reads per-commit block stats from the catalog.
 */
export function commitRecordOf(commit: PreparedCommit, totals: SegmentTotals, shardId: number, formatVersion: number): CommitRecord {
  return {
    segment: {
      segmentId: catalogSegmentId({ tenantId: commit.tenantId, dataset: commit.dataset, segmentId: commit.segmentId }),
      dataset: commit.dataset,
      shardId,
      state: 'open',
      ...totals,
      manifestVersion: commit.manifestVersion,
      formatVersion,
    },
    traceIds: commit.traceIds.filter((hex) => /^[0-9a-f]{32}$/.test(hex)).map((hex) => Uint8Array.from(Buffer.from(hex, 'hex'))),
  };
}
