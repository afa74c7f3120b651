import { segmentAddressOf, type Segment } from '@prism/catalog';
import { SegmentReaderCache, listSegments } from '@prism/storage';
import type { QuerySegment } from '../../segment/query-segment';
import type { SegmentSource, SegmentUnit } from '../../segment/segment-source';

/** Opens one segment of the hot store by its hot-store id. */
export type OpenHotSegment = (tenantId: string, dataset: string, segmentId: string) => Promise<QuerySegment>;

/**
 * Segments of the hot store under `root` (`PRISM_HOT_DIR`), through storage's public reader.
 * Readers are kept between queries while their segment's HEAD does not move (`SegmentReaderCache`).
 *
 * @example new QueryEngine({ catalog, segments: hotSegmentSource(hotDir), findSignal: signalByName })
 */
export function hotSegmentSource(root: string, readers = new SegmentReaderCache()): SegmentSource {
  const open: OpenHotSegment = (tenantId, dataset, segmentId) => readers.open(root, tenantId, dataset, segmentId);
  return {
    listSegmentIds: (tenantId, dataset) => hotSegmentIds(root, tenantId, dataset),
    units: async (tenantId, dataset, segments) => segments.flatMap((segment) => hotUnitOf(open, tenantId, dataset, segment) ?? []),
  };
}

/** Ids of the hot store's segments of a dataset that have a HEAD. */
export async function hotSegmentIds(root: string, tenantId: string, dataset: string): Promise<string[]> {
  return (await listSegments(root, tenantId, dataset)).filter((segment) => segment.version > 0).map((segment) => segment.segmentId);
}

/** A catalog segment read from its hot copy; undefined when its catalog id names no hot segment. */
export function hotUnitOf(open: OpenHotSegment, tenantId: string, dataset: string, segment: Segment): SegmentUnit | undefined {
  const address = segmentAddressOf(segment.segmentId);
  if (address === undefined) return undefined;
  return {
    label: `${tenantId}/${dataset}/${address.segmentId}`,
    firstTimestampNs: segment.minTimestampNs,
    lastTimestampNs: segment.maxTimestampNs,
    open: async () => ({ segment: await open(tenantId, dataset, address.segmentId), tier: 'hot', fetchedBytes: () => 0 }),
  };
}
