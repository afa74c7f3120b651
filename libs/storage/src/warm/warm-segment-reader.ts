import { ObjectNotFoundError } from '../object-store/object-store-errors';
import type { ObjectReader } from '../object-store/object-store';
import { loadManifest } from '../format/manifest';
import { SegmentReader } from '../segment-reader';
import { SegmentFile } from '../segment/segment-files';
import { ObjectSegmentFiles } from './object-segment-files';
import { SEALED_MARKER, parseSealedMarker, type SealedMarker } from './sealed-marker';

/** The prefix holds no finished sealed copy (no `_SEALED` yet): sealing is still under way or failed. */
export class SegmentNotSealedError extends Error {
  override readonly name = 'SegmentNotSealedError';

  constructor(readonly prefix: string) {
    super(`no sealed segment at "${prefix}" (no ${SEALED_MARKER} marker)`);
  }
}

/** Reads a sealed segment's `_SEALED` marker; undefined when there is none. */
export async function readSealedMarker(store: Pick<ObjectReader, 'get'>, prefix: string): Promise<SealedMarker | undefined> {
  const key = `${prefix}/${SEALED_MARKER}`;
  try {
    return parseSealedMarker(await store.get(key), key);
  } catch (error) {
    if (error instanceof ObjectNotFoundError) return undefined;
    throw error;
  }
}

/**
 * Opens a sealed (warm) segment in the object store with the hot reader's API: `readColumns`,
 * `blockStats`, `mightContain`. The manifest the `_SEALED` marker names is read once; blocks are
 * read by ranged gets of only the wanted columns.
 *
 * @example
 * const reader = await openWarmSegmentReader(store, 'shard=0/tenants/acme/datasets/spans/seg/p=3f2a/20231114T221000Z-300s');
 * const table = await reader.readColumns(['timestamp', 'name']);
 */
export async function openWarmSegmentReader(store: Pick<ObjectReader, 'get' | 'getRange'>, prefix: string): Promise<SegmentReader> {
  const marker = await readSealedMarker(store, prefix);
  if (marker === undefined) throw new SegmentNotSealedError(prefix);
  const files = new ObjectSegmentFiles(store, prefix);
  const manifest = await loadManifest(marker.manifestVersion, async (version) => {
    const path = SegmentFile.manifest(version);
    return { text: new TextDecoder().decode(await files.read(path)), file: files.locate(path) };
  });
  return new SegmentReader(files, manifest);
}
