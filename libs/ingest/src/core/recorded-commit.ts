import type { JsonValue } from '@prism/catalog';
import { openSegmentReader, parseSegmentId, type EncodedRows, type PreparedCommit } from '@prism/storage';

/**
 * What a commit's claim records about each segment commit it will publish: the manifest version
 * and a fingerprint of that commit. The fingerprint matters because a version number is not unique
 * over time: when a prepared commit is never published (the process died), the writer's recovery
 * drops its files and the next commit to the segment takes the same number.
 */
export interface RecordedSegmentCommit {
  segmentId: string;
  version: number;
  rows: number;
  bytes: number;
  minNs: string;
  maxNs: string;
}

/** Whether a recorded commit is visible: every segment, none, or some (a crash between segments). */
export type PublishedState = 'published' | 'unpublished' | 'partly-published';

/** The record of a prepared batch's segment commits, as stored (JSON) with the claim. */
export function recordedCommitOf(segments: readonly PreparedCommit[]): RecordedSegmentCommit[] {
  return segments.map((commit) => ({
    segmentId: commit.segmentId,
    version: commit.manifestVersion,
    rows: commit.rowCount,
    bytes: commit.bytes,
    minNs: String(commit.minTimestampNs),
    maxNs: String(commit.maxTimestampNs),
  }));
}

/**
 * Reads each recorded segment's published manifest (HEAD) and says whether the recorded commit is
 * in it, overall and segment by segment. A segment that cannot be read (gone from the hot store)
 * counts as unpublished.
 */
export async function publishedSegmentsOf(
  hotRoot: string,
  tenantId: string,
  dataset: string,
  recorded: JsonValue,
): Promise<{ state: PublishedState; published: RecordedSegmentCommit[] }> {
  const segments = parseRecorded(recorded);
  const published: RecordedSegmentCommit[] = [];
  for (const segment of segments) if (await isPublished(hotRoot, tenantId, dataset, segment)) published.push(segment);
  const state = segments.length > 0 && published.length === segments.length ? 'published' : published.length === 0 ? 'unpublished' : 'partly-published';
  return { state, published };
}

/**
 * A member's rows without those of windows whose segment commit is already published: what a
 * takeover of a partly published commit must still store (its other windows' rows are visible).
 */
export function rowsNotPublished(rows: EncodedRows, published: readonly RecordedSegmentCommit[]): EncodedRows {
  const publishedStarts = new Set(published.map((segment) => parseSegmentId(segment.segmentId)?.startNs).filter((start) => start !== undefined));
  const windows = rows.windows.filter((part) => !publishedStarts.has(part.window.startNs));
  return { rowCount: windows.reduce((sum, part) => sum + part.rowCount, 0), windows };
}

async function isPublished(hotRoot: string, tenantId: string, dataset: string, recorded: RecordedSegmentCommit): Promise<boolean> {
  let reader;
  try {
    reader = await openSegmentReader(hotRoot, tenantId, dataset, recorded.segmentId);
  } catch {
    return false;
  }
  if (reader.version < recorded.version) return false;
  const commit = reader.manifest.commits.find((candidate) => candidate.number === recorded.version);
  return (
    commit !== undefined &&
    commit.rowCount === recorded.rows &&
    commit.bytes === recorded.bytes &&
    commit.minTimestampNs === recorded.minNs &&
    commit.maxTimestampNs === recorded.maxNs
  );
}

function parseRecorded(value: JsonValue): RecordedSegmentCommit[] {
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is JsonValue & RecordedSegmentCommit => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return false;
    return typeof item['segmentId'] === 'string' && typeof item['version'] === 'number' && typeof item['rows'] === 'number';
  });
}
