/** Where a segment lives in the hot store: its tenant, dataset and window id. */
export interface SegmentAddress {
  tenantId: string;
  dataset: string;
  /** The hot store's segment id, its time window, e.g. `20231114T221000Z-300s`. */
  segmentId: string;
}

/**
 * The catalog's `segment_id` for a hot-store segment. The catalog key is global, while the hot
 * store names a segment by its window only (the same for every tenant and dataset), so the key
 * carries the whole address: `<tenant>/<dataset>/<window id>`. Tenant and dataset ids cannot
 * contain `/` (storage and catalog both check), so the key parses back uniquely.
 *
 * @example catalogSegmentId({ tenantId: 'acme', dataset: 'spans', segmentId: '20231114T221000Z-300s' })
 */
export function catalogSegmentId(address: SegmentAddress): string {
  return `${address.tenantId}/${address.dataset}/${address.segmentId}`;
}

/** The hot-store address in a catalog segment id; undefined when it is not one. */
export function segmentAddressOf(catalogId: string): SegmentAddress | undefined {
  const parts = catalogId.split('/');
  if (parts.length !== 3 || parts.some((part) => part === '')) return undefined;
  const [tenantId, dataset, segmentId] = parts;
  return { tenantId, dataset, segmentId };
}
