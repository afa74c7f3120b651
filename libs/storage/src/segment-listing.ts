import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { datasetDir, segmentPaths } from './disk-names';
import { isNotFound } from './durable-fs';
import { assertSafeId } from './names';
import { readHeadVersion } from './segment/segment-state';
import { parseSegmentId, segmentGenerationOf } from './segment/segment-window';

/** A segment found on disk. */
export interface SegmentListing {
  segmentId: string;
  windowStartNs: bigint;
  windowEndNs: bigint;
  /** Manifest version HEAD names; 0 when nothing was published yet. */
  version: number;
}

/** The segments of a tenant's dataset on disk, in time order, generations of a window in order (directories that are not segments are skipped). */
export async function listSegments(root: string, tenantId: string, dataset: string): Promise<SegmentListing[]> {
  assertSafeId('tenant', tenantId);
  assertSafeId('dataset', dataset);
  const dir = datasetDir(root, tenantId, dataset);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
  const listings = await Promise.all(
    names.map(async (name) => {
      const window = parseSegmentId(name);
      if (window === undefined) return [];
      const version = await readHeadVersion(segmentPaths(join(dir, name)));
      return [{ segmentId: name, windowStartNs: window.startNs, windowEndNs: window.endNs, version }];
    }),
  );
  return listings
    .flat()
    .sort((a, b) =>
      a.windowStartNs < b.windowStartNs ? -1 : a.windowStartNs > b.windowStartNs ? 1 : segmentGenerationOf(a.segmentId) - segmentGenerationOf(b.segmentId),
    );
}
