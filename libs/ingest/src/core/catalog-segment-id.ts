/**
 * The catalog's `segment_id` is a global primary key, while the hot store names a segment by its
 * time window only (`20231114T221000Z-300s`), the same for every tenant and dataset. The catalog
 * id therefore carries the whole hot-store address: `<tenant>/<dataset>/<window id>`. Tenant and
 * dataset ids cannot contain `/` (storage and catalog both check), so the id parses back uniquely.
 */
export function catalogSegmentId(tenantId: string, dataset: string, segmentId: string): string {
  return `${tenantId}/${dataset}/${segmentId}`;
}

/** The hot-store address in a catalog segment id; undefined when it is not one. */
export function parseCatalogSegmentId(id: string): { tenantId: string; dataset: string; segmentId: string } | undefined {
  const parts = id.split('/');
  if (parts.length !== 3 || parts.some((part) => part === '')) return undefined;
  const [tenantId, dataset, segmentId] = parts;
  return { tenantId, dataset, segmentId };
}
