import { join } from 'node:path';
import { datasetDir, segmentPaths } from '../disk-names';
import { assertSafeId } from '../names';
import { openSegmentReader, type SegmentReader } from '../segment-reader';
import { readHeadVersion } from './segment-state';
import { requireSegmentId } from './segment-window';

/** Readers a {@link SegmentReaderCache} keeps by default. */
export const DEFAULT_CACHED_SEGMENT_READERS = 256;

/**
 * Keeps hot segment readers between queries. A reader sees its segment as of one HEAD and blocks
 * never change, so a cached reader is reused while HEAD still names the same manifest (one small
 * file read per open instead of the manifest, every stats file and every Bloom filter again); a
 * moved HEAD opens a fresh reader. Least recently used readers are dropped past `capacity`.
 *
 * @example
 * const readers = new SegmentReaderCache();
 * const reader = await readers.open(root, 'acme', 'spans', '20231114T221000Z-300s');
 */
export class SegmentReaderCache {
  private readonly readers = new Map<string, SegmentReader>();

  constructor(private readonly capacity = DEFAULT_CACHED_SEGMENT_READERS) {}

  /** A reader at the segment's current HEAD, cached when HEAD has not moved. */
  async open(root: string, tenantId: string, dataset: string, segmentId: string): Promise<SegmentReader> {
    assertSafeId('tenant', tenantId);
    assertSafeId('dataset', dataset);
    requireSegmentId(segmentId);
    const key = `${root}\u0000${tenantId}\u0000${dataset}\u0000${segmentId}`;
    const cached = this.readers.get(key);
    if (cached !== undefined) {
      const version = await readHeadVersion(segmentPaths(join(datasetDir(root, tenantId, dataset), segmentId)));
      this.readers.delete(key);
      if (version === cached.version) {
        this.readers.set(key, cached);
        return cached;
      }
    }
    const reader = await openSegmentReader(root, tenantId, dataset, segmentId);
    this.readers.set(key, reader);
    if (this.readers.size > this.capacity) this.readers.delete(this.readers.keys().next().value as string);
    return reader;
  }
}
