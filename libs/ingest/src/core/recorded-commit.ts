import type { JsonValue } from '@prism/catalog';
import { parseSegmentId, type EncodedRows, type HotStoreWriter, type PreparedCommit } from '@prism/storage';

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
 * Asks the hot store, segment by segment, whether the recorded commit is published, and says so
 * overall. A segment that is not there (no HEAD, HEAD before the commit) counts as unpublished; a
 * read error is thrown, so the commit fails (503, the client retries) instead of the rows being
 * written a second time.
 */
export async function publishedSegmentsOf(
  store: Pick<HotStoreWriter, 'isPublished'>,
  tenantId: string,
  dataset: string,
  recorded: JsonValue,
): Promise<{ state: PublishedState; published: RecordedSegmentCommit[] }> {
  const segments = parseRecorded(recorded);
  const published: RecordedSegmentCommit[] = [];
  for (const segment of segments) {
    const commit = {
      segmentId: segment.segmentId,
      version: segment.version,
      rowCount: segment.rows,
      bytes: segment.bytes,
      minTimestampNs: segment.minNs,
      maxTimestampNs: segment.maxNs,
    };
    if (await store.isPublished(tenantId, dataset, commit)) published.push(segment);
  }
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

function parseRecorded(value: JsonValue): RecordedSegmentCommit[] {
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is JsonValue & RecordedSegmentCommit => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return false;
    return typeof item['segmentId'] === 'string' && typeof item['version'] === 'number' && typeof item['rows'] === 'number';
  });
}
