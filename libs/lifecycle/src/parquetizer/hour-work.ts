import { segmentAddressOf, type Segment, type TenantCatalog } from '@prism/catalog';
import { HOUR_NS, hourStartOf, parseSegmentId } from '@prism/storage';

/** The sealed segments of one tenant/dataset/shard/hour, ready to compact. */
export interface HourWork {
  tenantId: string;
  dataset: string;
  shardId: number;
  hourStartNs: bigint;
  segments: Segment[];
}

/** Why an hour with sealed segments was left for a later pass. */
export type HourDeferral = 'within-lateness' | 'segments-not-sealed';

/**
 * Groups a tenant's sealed segments by dataset, shard and the hour of their window, and keeps the
 * hours that ended more than `latenessNs` ago and have no segment still open or sealing (late
 * rows of a sealed window land in a new generation, which a later pass compacts into the next part).
 */
export async function findHourWork(
  tenant: TenantCatalog,
  nowNs: bigint,
  latenessNs: bigint,
  limit: number,
): Promise<{ ready: HourWork[]; deferred: Array<{ hour: Omit<HourWork, 'segments'>; reason: HourDeferral }> }> {
  const sealed = await tenant.segments.inState('sealed', limit);
  const hours = new Map<string, HourWork>();
  for (const segment of sealed) {
    const address = segmentAddressOf(segment.segmentId);
    const window = address === undefined ? undefined : parseSegmentId(address.segmentId);
    if (address === undefined || window === undefined || address.tenantId !== tenant.tenantId) continue;
    const hourStartNs = hourStartOf(window.startNs);
    const key = `${segment.dataset}\u0000${segment.shardId}\u0000${hourStartNs}`;
    let work = hours.get(key);
    if (work === undefined) {
      work = { tenantId: tenant.tenantId, dataset: segment.dataset, shardId: segment.shardId, hourStartNs, segments: [] };
      hours.set(key, work);
    }
    work.segments.push(segment);
  }
  const ready: HourWork[] = [];
  const deferred: Array<{ hour: Omit<HourWork, 'segments'>; reason: HourDeferral }> = [];
  for (const work of hours.values()) {
    const { segments, ...hour } = work;
    if (work.hourStartNs + HOUR_NS + latenessNs > nowNs) {
      deferred.push({ hour, reason: 'within-lateness' });
      continue;
    }
    const inHour = await tenant.segments.overlapping({ dataset: work.dataset, fromNs: work.hourStartNs, toNs: work.hourStartNs + HOUR_NS - 1n });
    const unsettled = inHour.some((segment) => segment.shardId === work.shardId && (segment.state === 'open' || segment.state === 'sealing'));
    if (unsettled) deferred.push({ hour, reason: 'segments-not-sealed' });
    else ready.push({ ...hour, segments: segments.sort((a, b) => a.segmentId.localeCompare(b.segmentId)) });
  }
  ready.sort((a, b) => (a.hourStartNs < b.hourStartNs ? -1 : a.hourStartNs > b.hourStartNs ? 1 : 0));
  return { ready, deferred };
}
