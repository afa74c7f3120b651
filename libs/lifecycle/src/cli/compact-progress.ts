import { findHourWork } from '../parquetizer/hour-work';
import type { ParquetizerDeps, ParquetizerEvent, ParquetizerOptions } from '../parquetizer/parquetizer-pass';
import type { ProgressListener } from '../jobs/pass-progress';

/**
 * Turns a parquetizer pass's events into bar progress counted in segments: the pass itself does
 * not announce a total, so the hours ready now are looked up first (the same query the pass makes).
 */
export async function compactProgress(
  deps: ParquetizerDeps,
  options: ParquetizerOptions,
  progress: ProgressListener,
): Promise<(event: ParquetizerEvent) => void> {
  const segmentsPerHour = new Map<string, number>();
  const nowNs = BigInt(deps.clock()) * 1_000_000n;
  const tenants = options.tenants ?? (await deps.catalog.tenants.list()).map((tenant) => tenant.tenantId);
  for (const tenantId of tenants) {
    const { ready } = await findHourWork(deps.catalog.forTenant(tenantId), nowNs, BigInt(options.latenessMs) * 1_000_000n, options.segmentsPerTenant);
    for (const work of ready) segmentsPerHour.set(hourKey(tenantId, work.dataset, work.hourStartNs), work.segments.length);
  }
  const total = [...segmentsPerHour.values()].reduce((sum, count) => sum + count, 0);
  let done = 0;
  progress({ pass: 'compact', done, total });
  return (event) => {
    if (event.kind === 'part-written') {
      done = Math.min(total, done + event.segments);
      progress({ pass: 'compact', done, total, item: event.objectKey, outcome: `${event.rows} rows` });
    } else if (event.kind === 'failed') {
      done = Math.min(total, done + (segmentsPerHour.get(hourKey(event.tenantId, event.dataset, event.hourStartNs)) ?? 0));
      progress({ pass: 'compact', done, total, item: `${event.tenantId}/${event.dataset}`, outcome: `failed: ${event.error}` });
    }
  };
}

function hourKey(tenantId: string, dataset: string, hourStartNs: bigint): string {
  return `${tenantId}\u0000${dataset}\u0000${hourStartNs}`;
}
