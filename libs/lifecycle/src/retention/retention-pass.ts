import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { segmentAddressOf, type Catalog, type Segment } from '@prism/catalog';
import { SEALED_MARKER, datasetDir, type ObjectStore } from '@prism/storage';
import { lifecycleEvent } from '../events/lifecycle-event';
import type { LifecycleEventBus } from '../events/lifecycle-event-bus';
import { noProgress, type ProgressListener } from '../jobs/pass-progress';
import type { ExpiredParquetFile, ParquetRetentionSource } from './parquet-retention';

const MS_PER_DAY = 86_400_000;

/** What a retention pass works with. */
export interface RetentionDeps {
  catalog: Catalog;
  hotRoot: string;
  objects: ObjectStore;
  /** Parquet files (`catalogParquetRetention(catalog)`); without it only segments are expired. */
  parquet?: ParquetRetentionSource;
  events?: LifecycleEventBus;
  clock?: () => number;
}

/** Options of {@link retentionPass}. */
export interface RetentionOptions {
  /** Days kept where no policy applies (PRISM_RETENTION_DAYS). */
  defaultDays: number;
  /** List what would go and delete nothing. */
  dryRun: boolean;
  /** Most segments per dataset in one pass. */
  batchSize: number;
}

export function defaultRetentionOptions(): RetentionOptions {
  return { defaultDays: 30, dryRun: false, batchSize: 1000 };
}

/** One expired dataset's findings. */
export interface ExpiredDataset {
  tenantId: string;
  dataset: string;
  days: number;
  cutoffNs: bigint;
  segments: Segment[];
  parquetFiles: ExpiredParquetFile[];
}

/** What a pass found and (unless dry run) deleted. */
export interface RetentionSummary {
  dryRun: boolean;
  expired: ExpiredDataset[];
  deletedSegments: number;
  deletedParquetFiles: number;
  /** Expired idempotency keys deleted (every tenant's; none in dry run). */
  purgedIdempotencyKeys: number;
  failed: Array<{ tenantId: string; dataset: string; error: string }>;
}

/**
 * One retention pass: for every tenant and dataset, the segments (any tier) and Parquet files whose
 * newest row is older than the dataset's retention. Dry run returns the list. Otherwise data goes
 * first — Parquet objects, the warm copy (`_SEALED` first, so a half-deleted copy never reads as
 * whole), the hot directory — and catalog rows last. A crash in between leaves catalog rows that
 * point at nothing, which the next pass finds again and finishes (deletes of missing things are
 * no-ops). The reverse order could leave data no catalog row points at, which nothing would ever
 * delete. Emits `parquet.expired` per file and `segment.expired` per segment of each dataset whose
 * deletion completed. A segment's hot directory goes too, including the `.seal`-only tombstone the
 * parquetizer leaves (late rows of that window are past retention by then). Expired idempotency
 * keys go too (by the catalog's clock), so their table stays as big as their TTL, not as old as the
 * deployment.
 *
 * @example const summary = await retentionPass({ catalog, hotRoot, objects }, { defaultDays: 30, dryRun: true });
 */
export async function retentionPass(
  deps: RetentionDeps,
  options: Partial<RetentionOptions> = {},
  progress: ProgressListener = noProgress,
): Promise<RetentionSummary> {
  const settings = { ...defaultRetentionOptions(), ...options };
  const clock = deps.clock ?? Date.now;
  const summary: RetentionSummary = { dryRun: settings.dryRun, expired: [], deletedSegments: 0, deletedParquetFiles: 0, purgedIdempotencyKeys: 0, failed: [] };
  for (const tenant of await deps.catalog.tenants.list()) {
    // Parquet files can outlive their segments' rows (a file expires when its hour is over), so both lists count.
    const datasets = new Set([
      ...(await deps.catalog.forTenant(tenant.tenantId).segments.datasets()),
      ...((await deps.parquet?.datasets(tenant.tenantId)) ?? []),
    ]);
    for (const dataset of [...datasets].sort()) {
      const days = await deps.catalog.retentionPolicies.daysFor(tenant.tenantId, dataset, settings.defaultDays);
      const cutoffNs = BigInt(clock() - days * MS_PER_DAY) * 1_000_000n;
      const segments = await deps.catalog.forTenant(tenant.tenantId).segments.endingBefore(dataset, cutoffNs, settings.batchSize);
      const parquetFiles = (await deps.parquet?.expiredFiles(tenant.tenantId, dataset, cutoffNs, settings.batchSize)) ?? [];
      if (segments.length + parquetFiles.length > 0) summary.expired.push({ tenantId: tenant.tenantId, dataset, days, cutoffNs, segments, parquetFiles });
    }
  }
  const total = summary.expired.reduce((sum, found) => sum + found.segments.length + found.parquetFiles.length, 0);
  let done = 0;
  progress({ pass: 'retain', done, total });
  for (const found of summary.expired) {
    const step = (item: string) => progress({ pass: 'retain', done: ++done, total, item, outcome: settings.dryRun ? 'would delete' : 'deleted' });
    if (settings.dryRun) {
      for (const file of found.parquetFiles) step(file.key);
      for (const segment of found.segments) step(segment.segmentId);
      continue;
    }
    try {
      await expireDataset(deps, found, step);
      summary.deletedParquetFiles += found.parquetFiles.length;
      summary.deletedSegments += found.segments.length;
    } catch (error) {
      summary.failed.push({ tenantId: found.tenantId, dataset: found.dataset, error: error instanceof Error ? error.message : String(error) });
    }
  }
  if (!settings.dryRun) summary.purgedIdempotencyKeys = await deps.catalog.purgeExpiredIdempotencyKeys();
  const failedDatasets = new Set(summary.failed.map((failure) => `${failure.tenantId}\u0000${failure.dataset}`));
  for (const found of settings.dryRun ? [] : summary.expired) {
    if (failedDatasets.has(`${found.tenantId}\u0000${found.dataset}`)) continue;
    for (const file of found.parquetFiles) {
      const subject = { tenantId: found.tenantId, dataset: found.dataset, segmentId: file.key };
      await deps.events?.publish(lifecycleEvent('parquet.expired', subject, clock(), { objectKey: file.key, bytes: file.bytes, retentionDays: found.days }));
    }
    for (const segment of found.segments) {
      await deps.events?.publish(lifecycleEvent('segment.expired', segment, clock(), { retentionDays: found.days, state: segment.state }));
    }
  }
  return summary;
}

async function expireDataset(deps: RetentionDeps, found: ExpiredDataset, step: (item: string) => void): Promise<void> {
  for (const file of found.parquetFiles) {
    await deps.objects.delete(file.key);
    step(file.key);
  }
  for (const segment of found.segments) {
    if (segment.objectPrefix !== undefined) await deleteWarmCopy(deps.objects, segment.objectPrefix);
    const address = segmentAddressOf(segment.segmentId);
    if (address !== undefined) await rm(join(datasetDir(deps.hotRoot, address.tenantId, address.dataset), address.segmentId), { recursive: true, force: true });
    step(segment.segmentId);
  }
  // Catalog rows last (see retentionPass).
  if (found.parquetFiles.length > 0)
    await deps.parquet?.forget(
      found.tenantId,
      found.parquetFiles.map((file) => file.key),
    );
  await deps.catalog.forTenant(found.tenantId).segments.remove(found.segments.map((segment) => segment.segmentId));
}

/** Deletes a sealed copy, its `_SEALED` marker first. */
async function deleteWarmCopy(objects: ObjectStore, prefix: string): Promise<void> {
  await objects.delete(`${prefix}/${SEALED_MARKER}`);
  for (;;) {
    const page = await objects.list(`${prefix}/`);
    if (page.keys.length === 0) return;
    for (const entry of page.keys) await objects.delete(entry.key);
  }
}
