import { spansLikeIndexing } from '../test-support/hot-fixture';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Catalog } from '@prism/catalog';
import { openTestCatalog } from '@prism/catalog/testing';
import { RowBatchBuilder, type RowBatch } from '@prism/contract';
import { FilesystemObjectStore, HotStoreWriter, datasetDir, defaultFilesystemObjectStoreOptions } from '@prism/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessEventBus } from '../events/in-process-event-bus';
import type { LifecycleEvent } from '../events/lifecycle-event';
import { defaultParquetizerOptions, parquetizerPass } from '../parquetizer/parquetizer-pass';
import { catalogSealerStore } from '../sealer/sealer-catalog';
import { sealerPass } from '../sealer/sealer-pass';
import { commitLikeIngest } from '../test-support/ingest-commit';
import { InMemoryDeadLetterStore } from '../test-support/in-memory-dead-letter-store';
import { catalogParquetRetention } from './catalog-parquet-retention';
import { retentionPass } from './retention-pass';

/** 2024-05-01T10:00:00Z. */
const HOUR = 1_714_557_600_000_000_000n;
const MINUTE = 60_000_000_000n;
const DAY = 24n * 60n * MINUTE;
const toMs = (ns: bigint) => Number(ns / 1_000_000n);
const SPANS_PART = 'shard=0/tenant=acme/dataset=spans/dt=2024-05-01/hour=10/part-001.parquet';
const LOGS_PART = 'shard=0/tenant=acme/dataset=logs/dt=2024-05-01/hour=11/part-001.parquet';

let root: string;
let hotRoot: string;
let catalog: Catalog;
let store: FilesystemObjectStore;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'prism-parquet-retention-'));
  hotRoot = join(root, 'hot');
  store = new FilesystemObjectStore(defaultFilesystemObjectStoreOptions(join(root, 'objects')));
  catalog = await openTestCatalog();
  await catalog.tenants.create({ tenantId: 'acme' });
}, 30_000);

afterAll(async () => {
  await catalog?.close();
  await rm(root, { recursive: true, force: true });
});

function rows(times: bigint[]): RowBatch {
  const builder = new RowBatchBuilder();
  for (const timestamp of times) {
    builder.startRow();
    builder.setInt64('timestamp', timestamp);
    builder.setString('name', 'op');
  }
  return builder.build();
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe('retention of Parquet files through the catalog', () => {
  it('expires a file once its whole hour is past retention: objects first, then its catalog rows, with events', async () => {
    const writer = new HotStoreWriter({ root: hotRoot });
    // spans: two windows of hour 10 (one part); logs: hour 11 (kept throughout).
    await commitLikeIngest(writer, catalog, 'acme', 'spans', rows([HOUR + 6n * MINUTE, HOUR + 58n * MINUTE]));
    await commitLikeIngest(writer, catalog, 'acme', 'logs', rows([HOUR + 90n * MINUTE]));
    await writer.close();
    const compactAt = () => toMs(HOUR + 4n * 60n * MINUTE);
    await sealerPass({ catalog: catalogSealerStore(catalog), hotRoot, objects: store, clock: compactAt }, { graceMs: 0 });
    expect(
      await parquetizerPass(
        { catalog, hotRoot, objectStore: store, clock: compactAt, indexingFor: spansLikeIndexing },
        { ...defaultParquetizerOptions(), latenessMs: 0 },
      ),
    ).toMatchObject({ parts: 2, failures: 0 });
    const acme = catalog.forTenant('acme');
    const spanSegments = (await acme.segments.overlapping({ dataset: 'spans', fromNs: 0n, toNs: 2n ** 62n })).map((segment) => segment.segmentId);
    expect(spanSegments).toHaveLength(2);
    expect(await store.head(SPANS_PART)).toBeDefined();

    const events: LifecycleEvent[] = [];
    const bus = new InProcessEventBus({ deadLetters: new InMemoryDeadLetterStore() });
    bus.subscribe('record', async (event) => void events.push(event));
    const parquet = catalogParquetRetention(catalog);
    const deps = (cutoffNs: bigint) => ({ catalog, hotRoot, objects: store, parquet, events: bus, clock: () => toMs(cutoffNs + DAY) });

    // Cutoff 10:59: both spans segments (newest row 10:58) expire, but their hour has not ended.
    const segmentsOnly = await retentionPass(deps(HOUR + 59n * MINUTE), { defaultDays: 1 });
    expect(segmentsOnly).toMatchObject({ deletedSegments: 2, deletedParquetFiles: 0, failed: [] });
    expect(await store.head(SPANS_PART)).toBeDefined();
    // Their `.seal` tombstones go with them.
    for (const id of spanSegments) expect(await exists(join(datasetDir(hotRoot, 'acme', 'spans'), id.split('/')[2]))).toBe(false);

    // Cutoff 11:00: the hour is over. The dataset has no segment rows left and is still found.
    const dry = await retentionPass(deps(HOUR + 60n * MINUTE), { defaultDays: 1, dryRun: true });
    expect(dry.expired.map((found) => [found.dataset, found.segments.length, found.parquetFiles.map((file) => file.key)])).toEqual([
      ['spans', 0, [SPANS_PART]],
    ]);
    expect(await store.head(SPANS_PART)).toBeDefined();
    expect(await acme.parquetFiles.rowGroups(SPANS_PART)).not.toEqual([]);

    const real = await retentionPass(deps(HOUR + 60n * MINUTE), { defaultDays: 1 });
    expect(real).toMatchObject({ deletedSegments: 0, deletedParquetFiles: 1, failed: [] });
    expect(await store.head(SPANS_PART)).toBeUndefined();
    expect(await acme.parquetFiles.hourEndedBefore('spans', HOUR + DAY)).toEqual([]);
    expect(await acme.parquetFiles.rowGroups(SPANS_PART)).toEqual([]);
    expect(await acme.parquetFiles.datasets()).toEqual(['logs']);
    expect(await store.head(LOGS_PART)).toBeDefined();
    expect(
      events
        .filter((event) => event.type === 'parquet.expired')
        .map((event) => [event.segmentId, event.detail?.['objectKey'], event.detail?.['retentionDays']]),
    ).toEqual([[SPANS_PART, SPANS_PART, 1]]);
    // Nothing left to do for spans.
    expect((await retentionPass(deps(HOUR + 60n * MINUTE), { defaultDays: 1 })).expired).toEqual([]);
  });
});
