import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Segment } from '@prism/catalog';
import { segmentAddressOf } from '@prism/catalog';
import {
  DiskName,
  datasetDir,
  openSegmentReader,
  readSealRecord,
  openWarmSegmentReader,
  sealedSegmentPrefix,
  type ObjectStore,
  type SealRecord,
  type SegmentReader,
} from '@prism/storage';

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
 * Deletes a parquetized segment's hot data and warm objects. Only called after the catalog says
 * `parquetized`: until then readers may still pick those copies. The hot directory stays as a
 * tombstone holding only `.seal` (see {@link tombstoneHotSegment}).
 */
export async function deleteSegmentCopies(hotRoot: string, store: ObjectStore, segment: Segment, nowMs: number): Promise<{ warmObjects: number }> {
  const address = requireAddress(segment);
  const segmentDir = join(datasetDir(hotRoot, address.tenantId, address.dataset), address.segmentId);
  await tombstoneHotSegment(segmentDir, { manifestVersion: segment.manifestVersion, sealedAtMs: nowMs });
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

/**
 * Leaves a parquetized segment's hot directory as a tombstone: `.seal` and nothing else. The
 * marker is what sends a writer to the window's next generation (`<window>~2`, …); without it late
 * rows of the window would go back to this segment id, whose catalog row is `parquetized` and
 * refuses them. The marker is written when missing (hot copy lost, or removed by an older
 * version), HEAD goes before the rest so an interrupted clean-up never looks published, and
 * retention removes the tombstone together with the segment's catalog row.
 */
export async function tombstoneHotSegment(segmentDir: string, seal: SealRecord): Promise<void> {
  const marker = join(segmentDir, DiskName.seal);
  if ((await readSealRecord(segmentDir)) === undefined) {
    await mkdir(segmentDir, { recursive: true });
    await writeFile(marker, JSON.stringify(seal));
  }
  await rm(join(segmentDir, DiskName.head), { force: true });
  for (const name of await readdir(segmentDir)) {
    if (name !== DiskName.seal) await rm(join(segmentDir, name), { recursive: true, force: true });
  }
}

function requireAddress(segment: Segment) {
  const address = segmentAddressOf(segment.segmentId);
  if (address === undefined) throw new TypeError(`catalog segment id "${segment.segmentId}" is not <tenant>/<dataset>/<segment>`);
  return address;
}
