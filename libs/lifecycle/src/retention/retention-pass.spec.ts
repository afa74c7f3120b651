import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '@prism/catalog';
import { openTestCatalog } from '@prism/catalog/testing';
import { FilesystemObjectStore, datasetDir, defaultFilesystemObjectStoreOptions, type ObjectStore } from '@prism/storage';
import { InProcessEventBus } from '../events/in-process-event-bus';
import type { LifecycleEvent } from '../events/lifecycle-event';
import { catalogSealerStore } from '../sealer/sealer-catalog';
import { sealerPass } from '../sealer/sealer-pass';
import { InMemoryDeadLetterStore } from '../test-support/in-memory-dead-letter-store';
import { BASE_NS, WINDOW_NS, rowsBatch, writeHotSegments } from '../test-support/hot-fixture';
import type { ExpiredParquetFile, ParquetRetentionSource } from './parquet-retention';
import { retentionPass } from './retention-pass';

const DAY_MS = 86_400_000;
const BASE_MS = Number(BASE_NS / 1_000_000n);
let catalog: Catalog;
let dir: string;
let objects: ObjectStore;

beforeAll(async () => {
  catalog = await openTestCatalog();
  dir = await mkdtemp(join(tmpdir(), 'prism-retention-'));
  objects = new FilesystemObjectStore(defaultFilesystemObjectStoreOptions(join(dir, 'objects')));
}, 30_000);

afterAll(async () => {
  await catalog.close();
  await rm(dir, { recursive: true, force: true });
});

/** A Parquet source over a list, recording what retention asked to forget. */
function fakeParquet(files: ExpiredParquetFile[]): ParquetRetentionSource & { forgotten: string[] } {
  const forgotten: string[] = [];
  return {
    forgotten,
    datasets: async (tenantId) => [...new Set(files.filter((file) => file.tenantId === tenantId).map((file) => file.dataset))],
    expiredFiles: async (tenantId, dataset, beforeNs) =>
      files.filter((file) => file.tenantId === tenantId && file.dataset === dataset && file.maxTimestampNs < beforeNs && !forgotten.includes(file.key)),
    forget: async (_tenantId, keys) => void forgotten.push(...keys),
  };
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe('retentionPass', () => {
  it('lists expired segments and Parquet files in dry run, then deletes data first and catalog rows last', async () => {
    const hotRoot = join(dir, 'hot');
    await catalog.tenants.create({ tenantId: 'acme' });
    // logs: two windows, kept 1 day; spans: one window, kept by the 30-day default.
    const logs = await writeHotSegments(hotRoot, 'acme', 'logs', [rowsBatch(10, BASE_NS, 1), rowsBatch(10, BASE_NS + 3n * WINDOW_NS, 2)]);
    const spans = await writeHotSegments(hotRoot, 'acme', 'spans', [rowsBatch(10, BASE_NS, 3)]);
    for (const segment of [...logs, ...spans]) await catalog.forTenant('acme').segments.upsert(segment);
    await catalog.retentionPolicies.set({ tenantId: 'acme', dataset: 'logs', days: 1 });
    // Seal the first logs segment so it has a warm copy too.
    await sealerPass({ catalog: catalogSealerStore(catalog), hotRoot, objects, clock: () => BASE_MS + 600_000 }, {});
    const sealed = await catalog.forTenant('acme').segments.get(logs[0].segmentId);
    expect(sealed?.state).toBe('sealed');
    await objects.put('shard=0/tenant=acme/dataset=logs/dt=2023-11-14/hour=22/part-000.parquet', new Uint8Array([1, 2, 3]));
    const parquet = fakeParquet([
      {
        tenantId: 'acme',
        dataset: 'logs',
        key: 'shard=0/tenant=acme/dataset=logs/dt=2023-11-14/hour=22/part-000.parquet',
        bytes: 3,
        maxTimestampNs: BASE_NS + 1n,
      },
    ]);
    const events: LifecycleEvent[] = [];
    const bus = new InProcessEventBus({ deadLetters: new InMemoryDeadLetterStore() });
    bus.subscribe('record', async (event) => void events.push(event));
    // One day and ten minutes after the first logs window: the first expired, the second (15 min later) not yet.
    const clock = () => BASE_MS + DAY_MS + 10 * 60_000;
    const deps = { catalog, hotRoot, objects, parquet, events: bus, clock };

    const dry = await retentionPass(deps, { dryRun: true, defaultDays: 30 });
    expect(dry.expired.map((found) => [found.dataset, found.days, found.segments.map((s) => s.segmentId), found.parquetFiles.map((f) => f.key)])).toEqual([
      ['logs', 1, [logs[0].segmentId], ['shard=0/tenant=acme/dataset=logs/dt=2023-11-14/hour=22/part-000.parquet']],
    ]);
    expect(dry).toMatchObject({ dryRun: true, deletedSegments: 0, deletedParquetFiles: 0 });
    expect(await catalog.forTenant('acme').segments.get(logs[0].segmentId)).toBeDefined();
    expect(events).toEqual([]);

    const progress: string[] = [];
    const real = await retentionPass(deps, { defaultDays: 30 }, (update) => progress.push(`${update.done}/${update.total} ${update.item ?? ''}`));
    expect(real).toMatchObject({ dryRun: false, deletedSegments: 1, deletedParquetFiles: 1, failed: [] });
    expect(progress).toEqual(['0/2 ', `1/2 shard=0/tenant=acme/dataset=logs/dt=2023-11-14/hour=22/part-000.parquet`, `2/2 ${logs[0].segmentId}`]);
    expect(await objects.head('shard=0/tenant=acme/dataset=logs/dt=2023-11-14/hour=22/part-000.parquet')).toBeUndefined();
    expect((await objects.list(`${sealed?.objectPrefix}/`)).keys).toEqual([]);
    expect(await exists(join(datasetDir(hotRoot, 'acme', 'logs'), '20231114T221000Z-300s'))).toBe(false);
    expect(await exists(join(datasetDir(hotRoot, 'acme', 'logs'), '20231114T222500Z-300s'))).toBe(true);
    expect(parquet.forgotten).toEqual(['shard=0/tenant=acme/dataset=logs/dt=2023-11-14/hour=22/part-000.parquet']);
    expect(await catalog.forTenant('acme').segments.get(logs[0].segmentId)).toBeUndefined();
    expect(await catalog.forTenant('acme').segments.get(logs[1].segmentId)).toBeDefined();
    expect(await catalog.forTenant('acme').segments.get(spans[0].segmentId)).toBeDefined();
    expect(events.map((event) => [event.type, event.segmentId, event.detail?.['retentionDays']])).toEqual([
      ['parquet.expired', 'shard=0/tenant=acme/dataset=logs/dt=2023-11-14/hour=22/part-000.parquet', 1],
      ['segment.expired', logs[0].segmentId, 1],
    ]);

    // Nothing left: the next pass finds nothing; thirty days on, the default expires the rest.
    expect((await retentionPass(deps, { defaultDays: 30 })).expired).toEqual([]);
    const month = await retentionPass({ ...deps, clock: () => BASE_MS + 31 * DAY_MS }, { defaultDays: 30 });
    expect(month.deletedSegments).toBe(2);
  });

  it('purges expired idempotency keys of every tenant, and none in dry run', async () => {
    let nowMs = BASE_MS;
    const clocked = await openTestCatalog({ clock: () => new Date(nowMs) });
    try {
      for (const tenantId of ['acme', 'globex']) {
        await clocked.tenants.create({ tenantId });
        await clocked.forTenant(tenantId).idempotencyKeys.claim({ key: 'short', digest: 'd', ttlMs: 60_000 });
        await clocked.forTenant(tenantId).idempotencyKeys.claim({ key: 'long', digest: 'd', ttlMs: DAY_MS });
      }
      const deps = { catalog: clocked, hotRoot: join(dir, 'purge-hot'), objects };
      nowMs = BASE_MS + 120_000;
      expect((await retentionPass(deps, { defaultDays: 30, dryRun: true })).purgedIdempotencyKeys).toBe(0);
      expect((await retentionPass(deps, { defaultDays: 30 })).purgedIdempotencyKeys).toBe(2);
      // The long-lived keys are still claimed: the same key with another body is a mismatch, not new.
      expect((await clocked.forTenant('acme').idempotencyKeys.claim({ key: 'long', digest: 'other', ttlMs: DAY_MS })).status).toBe('mismatch');
      expect((await clocked.forTenant('acme').idempotencyKeys.claim({ key: 'short', digest: 'other', ttlMs: DAY_MS })).status).toBe('new');
      expect((await retentionPass(deps, { defaultDays: 30 })).purgedIdempotencyKeys).toBe(0);
    } finally {
      await clocked.close();
    }
  });
});
