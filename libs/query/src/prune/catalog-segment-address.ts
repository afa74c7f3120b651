/**
 * The catalog's `segment_id` is a global key, while the hot store names a segment by its window
 * only, so ingest records `<tenant>/<dataset>/<window id>` (ingest's `catalogSegmentId`). Query
 * may not import ingest; this reads the same convention, which belongs in a shared library.
 */
export interface SegmentAddress {
  tenantId: string;
  dataset: string;
  segmentId: string;
}

/** The catalog id of a hot-store segment. */
export function catalogSegmentIdOf(address: SegmentAddress): string {
  return `${address.tenantId}/${address.dataset}/${address.segmentId}`;
}

/** The hot-store address in a catalog segment id; undefined when it is not one. */
export function segmentAddressOf(catalogId: string): SegmentAddress | undefined {
  const parts = catalogId.split('/');
  if (parts.length !== 3 || parts.some((part) => part === '')) return undefined;
  return { tenantId: parts[0], dataset: parts[1], segmentId: parts[2] };
}
