import { segmentAddressOf, type Catalog, type Segment } from '@prism/catalog';
import { ParquetObjectReader, SegmentReaderCache, openWarmSegmentReader, sealedSegmentPrefix, type ObjectReader } from '@prism/storage';
import type { OpenedUnit, SegmentSource, SegmentUnit } from '../../segment/segment-source';
import { ColdParquetSegment } from './cold-parquet-segment';
import { hotSegmentIds, type OpenHotSegment } from './hot-segment-source';

/** Where the tiers live. */
export interface TieredSourceOptions {
  /** Root of the hot store (`PRISM_HOT_DIR`). */
  hotRoot: string;
  /** The object store holding warm (sealed) segments and cold Parquet parts. */
  objectStore: Pick<ObjectReader, 'get' | 'getRange'>;
  catalog: Pick<Catalog, 'forTenant'>;
  /** Parquet readers kept (each holds a parsed footer) across queries. */
  cachedFiles: number;
}

/**
 * Hot, warm and cold as one logical table: each candidate segment is read from exactly one tier,
 * chosen by its catalog state. `open`/`sealing` read the hot copy; `sealed` reads the hot copy
 * while it has commits, else the warm copy; `parquetized` segments are read through the Parquet
 * parts that hold them (each part once per query), so a hot or warm copy left behind by a crash
 * is never counted twice.
 *
 * @example new QueryEngine({ catalog, segments: tieredSegmentSource({ hotRoot, objectStore, catalog, cachedFiles: 256 }), findSignal: signalByName })
 */
export function tieredSegmentSource(options: TieredSourceOptions): SegmentSource {
  const readers = new Map<string, ParquetObjectReader>();
  const readerOf = (key: string, size: number) => {
    let reader = readers.get(key);
    if (reader === undefined) {
      reader = new ParquetObjectReader(options.objectStore, key, size);
      readers.set(key, reader);
      if (readers.size > options.cachedFiles) {
        const [oldestKey, oldest] = readers.entries().next().value as [string, ParquetObjectReader];
        readers.delete(oldestKey);
        void oldest.close();
      }
    }
    return reader;
  };
  // Hot readers are kept while HEAD does not move (blocks never change under a HEAD).
  const hotReaders = new SegmentReaderCache();
  const openHot: OpenHotSegment = (tenantId, dataset, segmentId) => hotReaders.open(options.hotRoot, tenantId, dataset, segmentId);

  return {
    listSegmentIds: (tenantId, dataset) => hotSegmentIds(options.hotRoot, tenantId, dataset),
    async units(tenantId: string, dataset: string, segments: readonly Segment[]): Promise<SegmentUnit[]> {
      const units: SegmentUnit[] = [];
      const parquetized: Segment[] = [];
      for (const segment of segments) {
        const address = segmentAddressOf(segment.segmentId);
        if (address === undefined) continue;
        if (segment.state === 'parquetized') {
          parquetized.push(segment);
          continue;
        }
        units.push({
          label: `${tenantId}/${dataset}/${address.segmentId}`,
          firstTimestampNs: segment.minTimestampNs,
          lastTimestampNs: segment.maxTimestampNs,
          open: async (): Promise<OpenedUnit> => {
            const hot = await openHot(tenantId, dataset, address.segmentId);
            if (segment.state !== 'sealed' || hot.manifest.commits.length > 0) return { segment: hot, tier: 'hot', fetchedBytes: () => 0 };
            const prefix = sealedSegmentPrefix({ shardId: segment.shardId, tenantId, dataset, segmentId: address.segmentId });
            // Warm blocks come through the object store too, but only Parquet readers count fetched bytes.
            return { segment: await openWarmSegmentReader(options.objectStore, prefix), tier: 'warm', fetchedBytes: () => 0 };
          },
        });
      }
      if (parquetized.length > 0) {
        const tenant = options.catalog.forTenant(tenantId);
        const files = await tenant.parquetFiles.forSegments(parquetized.map((segment) => segment.segmentId));
        for (const file of files) {
          if (file.dataset !== dataset) continue;
          units.push({
            label: file.objectKey,
            firstTimestampNs: file.minTimestampNs,
            lastTimestampNs: file.maxTimestampNs,
            open: async (): Promise<OpenedUnit> => {
              const part = new ColdParquetSegment(file, await tenant.parquetFiles.rowGroups(file.objectKey), readerOf(file.objectKey, file.bytes));
              return { segment: part, tier: 'cold', fetchedBytes: () => part.fetchedBytes() };
            },
          });
        }
      }
      return units.sort((a, b) => (a.firstTimestampNs < b.firstTimestampNs ? -1 : a.firstTimestampNs > b.firstTimestampNs ? 1 : a.label < b.label ? -1 : 1));
    },
  };
}

export function defaultTieredSourceOptions(): Pick<TieredSourceOptions, 'cachedFiles'> {
  return { cachedFiles: 256 };
}
