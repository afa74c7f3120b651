import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Segment } from '@prism/catalog';
import { segmentAddressOf } from '@prism/catalog';
import { datasetDir, openSegmentReader, openWarmSegmentReader, sealedSegmentPrefix, type ObjectStore, type SegmentReader } from '@prism/storage';

/** Where a segment's rows are read from for compaction. */
export type CopyTier = 'hot' | 'warm';

/**
 * Opens a sealed segment's rows: the hot copy when it still has commits, else the warm copy in
 * the object store (the sealer's upload). Both readers return the same Arrow tables.
 */
export async function openSealedSegment(hotRoot: string, store: ObjectStore, segment: Segment): Promise<{ reader: SegmentReader; tier: CopyTier }> {
  const address = requireAddress(segment);
  const hot = await openSegmentReader(hotRoot, address.tenantId, address.dataset, address.segmentId);
  if (hot.manifest.commits.length > 0) return { reader: hot, tier: 'hot' };
  return { reader: await openWarmSegmentReader(store, warmPrefixOf(segment)), tier: 'warm' };
}

/** The object-store prefix of a segment's sealed copy. */
export function warmPrefixOf(segment: Segment): string {
  const address = requireAddress(segment);
  return sealedSegmentPrefix({ shardId: segment.shardId, tenantId: address.tenantId, dataset: address.dataset, segmentId: address.segmentId });
}

/**
 * Deletes a parquetized segment's hot directory and warm objects. Only called after the catalog
 * says `parquetized`: until then readers may still pick those copies.
 */
export async function deleteSegmentCopies(hotRoot: string, store: ObjectStore, segment: Segment): Promise<{ warmObjects: number }> {
  const address = requireAddress(segment);
  await rm(join(datasetDir(hotRoot, address.tenantId, address.dataset), address.segmentId), { recursive: true, force: true });
  const prefix = `${warmPrefixOf(segment)}/`;
  let warmObjects = 0;
  let cursor: string | undefined;
  do {
    const page = await store.list(prefix, cursor === undefined ? {} : { cursor });
    for (const { key } of page.keys) {
      await store.delete(key);
      warmObjects++;
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return { warmObjects };
}

function requireAddress(segment: Segment) {
  const address = segmentAddressOf(segment.segmentId);
  if (address === undefined) throw new TypeError(`catalog segment id "${segment.segmentId}" is not <tenant>/<dataset>/<segment>`);
  return address;
}
