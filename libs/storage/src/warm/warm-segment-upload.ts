import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CorruptDataError } from '../errors';
import type { ObjectStore } from '../object-store/object-store';
import type { SegmentManifest } from '../format/manifest';
import { filesReferencedBy } from '../segment/segment-files';
import { readSealedMarker } from './warm-segment-reader';
import { SEALED_MARKER, SEALED_MARKER_VERSION, serializeSealedMarker, type SealedFile, type SealedMarker } from './sealed-marker';

/** Options of {@link uploadSealedSegment}. */
export interface SealedUploadOptions {
  /** Files above this size are streamed (the store sends them in parts); smaller ones are read whole. */
  streamAboveBytes: number;
  /** Called after each file is stored. */
  onFile?: (file: SealedFile, done: number, total: number) => void;
  clock: () => number;
}

export function defaultSealedUploadOptions(): SealedUploadOptions {
  return { streamAboveBytes: 8 * 1024 * 1024, clock: Date.now };
}

/**
 * Copies what a hot segment's manifest references to `prefix`, checks every object's size with
 * `head`, and writes `_SEALED` last. Every step is an idempotent put, so a crash anywhere is
 * repaired by running it again; a copy already marked for this manifest is left as it is.
 * Call it only while no writer can commit to the segment (it carries `.seal`).
 *
 * @example const marker = await uploadSealedSegment(store, hotSegmentDir, prefix, reader.manifest);
 */
export async function uploadSealedSegment(
  store: ObjectStore,
  segmentDir: string,
  prefix: string,
  manifest: SegmentManifest,
  options: Partial<SealedUploadOptions> = {},
): Promise<SealedMarker> {
  const { streamAboveBytes, onFile, clock } = { ...defaultSealedUploadOptions(), ...options };
  const existing = await readSealedMarker(store, prefix);
  if (existing !== undefined && existing.manifestVersion === manifest.version) return existing;

  const paths = filesReferencedBy(manifest);
  const files: SealedFile[] = [];
  for (const path of paths) {
    const file = join(segmentDir, ...path.split('/'));
    const { size } = await stat(file);
    const key = `${prefix}/${path}`;
    const body = size > streamAboveBytes ? createReadStream(file) : await readFile(file);
    await store.put(key, body);
    const stored = await store.head(key);
    if (stored?.size !== size) throw new CorruptDataError(`stored ${String(stored?.size)} bytes, expected ${size}`, key);
    files.push({ path, size });
    onFile?.({ path, size }, files.length, paths.length);
  }
  const marker: SealedMarker = {
    markerVersion: SEALED_MARKER_VERSION,
    tenantId: manifest.tenantId,
    dataset: manifest.dataset,
    segmentId: manifest.segmentId,
    manifestVersion: manifest.version,
    rowCount: manifest.commits.reduce((sum, commit) => sum + commit.rowCount, 0),
    files,
    sealedAtMs: clock(),
  };
  await store.put(`${prefix}/${SEALED_MARKER}`, serializeSealedMarker(marker), { contentType: 'application/json' });
  return marker;
}
