import { join } from 'node:path';
import { datasetDir, segmentPaths } from '../disk-names';
import { assertSafeId } from '../names';
import { readHeadManifest } from './segment-state';
import { requireSegmentId } from './segment-window';

/**
 * A segment commit as a caller recorded it before publishing (ingest records it with the
 * idempotency claim): its number, and a fingerprint, because a number is reused once an
 * unpublished commit is cleaned up and the next commit to the segment takes it.
 */
export interface RecordedCommit {
  segmentId: string;
  version: number;
  rowCount: number;
  bytes: number;
  /** Decimal nanoseconds, as manifests keep them. */
  minTimestampNs: string;
  maxTimestampNs: string;
}

/**
 * Whether `commit` is published: the segment's HEAD is at or past its version and the manifest's
 * commit of that number has its fingerprint. Not there is `false`: no such segment or HEAD yet
 * (ENOENT), HEAD before the version, another commit under that number. Every other failure (EIO,
 * a HEAD naming a missing or corrupt manifest) is thrown: a caller must never take a segment it
 * could not read for one that lacks the commit, and write the rows again.
 */
export async function isCommitPublished(root: string, tenantId: string, dataset: string, commit: RecordedCommit): Promise<boolean> {
  assertSafeId('tenant', tenantId);
  assertSafeId('dataset', dataset);
  requireSegmentId(commit.segmentId);
  const manifest = await readHeadManifest(segmentPaths(join(datasetDir(root, tenantId, dataset), commit.segmentId)));
  if (manifest === undefined || manifest.version < commit.version) return false;
  const found = manifest.commits.find((candidate) => candidate.number === commit.version);
  return (
    found !== undefined &&
    found.rowCount === commit.rowCount &&
    found.bytes === commit.bytes &&
    found.minTimestampNs === commit.minTimestampNs &&
    found.maxTimestampNs === commit.maxTimestampNs
  );
}
