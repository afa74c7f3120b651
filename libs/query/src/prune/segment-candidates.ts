import { segmentAddressOf } from '@prism/catalog';
import type { Catalog, Segment } from '@prism/catalog';
import type { ResolvedPlan } from '../plan/resolved-plan';

/** The part of the catalog the engine uses; the real `Catalog` satisfies it. */
export type QueryCatalog = Pick<Catalog, 'forTenant'>;

/** Segments the catalog says may hold the query's rows, and how they were found. */
export interface SegmentCandidates {
  source: 'time-range' | 'trace-hints';
  /** Hot-store segment ids, earliest first. */
  segmentIds: string[];
  /** The catalog records of those segments, same order (tiered sources choose a tier by state). */
  segments: Segment[];
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Catalog-first pruning, always through the tenant's own view of the catalog: a pinned trace id
 * uses trace hints (then the time range, if any), anything else the time-range query.
 */
export async function findCandidateSegments(catalog: QueryCatalog, tenantId: string, plan: ResolvedPlan): Promise<SegmentCandidates> {
  const tenant = catalog.forTenant(tenantId);
  const range = plan.timeRange;
  if (plan.traceIdHex !== undefined) {
    const hinted = await tenant.segments.forTrace(Uint8Array.from(Buffer.from(plan.traceIdHex, 'hex')));
    const segments = hinted.filter(
      (segment) => segment.dataset === plan.dataset && (range === undefined || (segment.minTimestampNs < range.toNs && segment.maxTimestampNs >= range.fromNs)),
    );
    return { source: 'trace-hints', ...ownSegments(segments, tenantId, plan.dataset) };
  }
  const segments = await tenant.segments.overlapping({
    dataset: plan.dataset,
    fromNs: range?.fromNs ?? INT64_MIN,
    // The catalog's bounds are inclusive; the query's range is half-open.
    toNs: range === undefined ? INT64_MAX : range.toNs - 1n,
  });
  return { source: 'time-range', ...ownSegments(segments, tenantId, plan.dataset) };
}

/** The segments whose catalog id names this tenant and dataset (and their hot-store ids); anything else is skipped. */
function ownSegments(segments: readonly Segment[], tenantId: string, dataset: string): { segmentIds: string[]; segments: Segment[] } {
  const own = segments.filter((segment) => {
    const address = segmentAddressOf(segment.segmentId);
    return address !== undefined && address.tenantId === tenantId && address.dataset === dataset;
  });
  return { segmentIds: own.map((segment) => segmentAddressOf(segment.segmentId)?.segmentId ?? ''), segments: own };
}
