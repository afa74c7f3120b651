import { spansLikeIndexing } from '../test-support/hot-fixture';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogSegmentId, type Catalog } from '@prism/catalog';
import { openTestCatalog } from '@prism/catalog/testing';
import { RowBatchBuilder, rowsOf } from '@prism/contract';
import { FilesystemObjectStore, HotStoreWriter, ParquetObjectReader, datasetDir, defaultFilesystemObjectStoreOptions } from '@prism/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultParquetizerOptions, parquetizerPass, type ParquetizerEvent } from './parquetizer-pass';

/** 2024-05-01T10:00:00Z. */
const HOUR = 1_714_557_600_000_000_000n;
const MINUTE = 60_000_000_000n;

let root: string;
let catalog: Catalog;
let store: FilesystemObjectStore;
let writer: HotStoreWriter;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'prism-parquetizer-'));
  store = new FilesystemObjectStore(defaultFilesystemObjectStoreOptions(join(root, 'objects')));
  catalog = await openTestCatalog();
  await catalog.tenants.create({ tenantId: 'acme' });
  writer = new HotStoreWriter({ root: join(root, 'hot') });
}, 30_000);

afterAll(async () => {
  await writer?.close();
  await catalog?.close();
  await rm(root, { recursive: true, force: true });
});

/** Writes spans at these times, records them as ingest does, and seals their segments (hot copy kept). */
async function ingestAndSeal(times: bigint[], service: string): Promise<string[]> {
  const builder = new RowBatchBuilder();
  times.forEach((timestamp, index) => {
    builder.startRow();
    builder.setString('tenant_id', 'acme');
    builder.setInt64('timestamp', timestamp);
    builder.setString('resource.service.name', service);
    builder.setInt64('duration', BigInt(index + 1) * 1000n);
  });
  const prepared = await writer.prepareCommit('acme', 'spans', builder.build());
  await prepared.publish();
  const tenant = catalog.forTenant('acme');
  const ids: string[] = [];
  for (const commit of prepared.segments) {
    const segmentId = catalogSegmentId({ tenantId: 'acme', dataset: 'spans', segmentId: commit.segmentId });
    ids.push(segmentId);
    await tenant.segments.upsert({
      segmentId,
      dataset: 'spans',
      shardId: 0,
      state: 'open',
      minTimestampNs: commit.minTimestampNs,
      maxTimestampNs: commit.maxTimestampNs,
      rowCount: commit.rowCount,
      bytes: 1,
      manifestVersion: commit.manifestVersion,
      formatVersion: 1,
    });
    await tenant.segments.transition(segmentId, 'sealing');
    await tenant.segments.transition(segmentId, 'sealed');
  }
  return ids;
}

describe('parquetizerPass', () => {
  it('compacts sealed hours past the lateness window, records them atomically, then deletes the hot copies', async () => {
    const hourTen = await ingestAndSeal([HOUR + MINUTE, HOUR + 7n * MINUTE, HOUR + 8n * MINUTE], 'checkout');
    const hourEleven = await ingestAndSeal([HOUR + 61n * MINUTE], 'checkout');
    const events: ParquetizerEvent[] = [];
    const clock = () => Number((HOUR + 80n * MINUTE) / 1_000_000n);
    const report = await parquetizerPass(
      { catalog, hotRoot: join(root, 'hot'), objectStore: store, clock, indexingFor: spansLikeIndexing },
      defaultParquetizerOptions(),
      (event) => events.push(event),
    );

    expect(report).toMatchObject({ parts: 1, segments: 2, rows: 3, deferredHours: 1, failures: 0 });
    expect(events.find((event) => event.kind === 'hour-deferred')).toMatchObject({ reason: 'within-lateness', hourStartNs: HOUR + 60n * MINUTE });
    const tenant = catalog.forTenant('acme');
    for (const id of hourTen) expect((await tenant.segments.get(id))?.state).toBe('parquetized');
    for (const id of hourEleven) expect((await tenant.segments.get(id))?.state).toBe('sealed');

    const [file] = await tenant.parquetFiles.forSegments(hourTen);
    expect(file.objectKey).toBe('shard=0/tenant=acme/dataset=spans/dt=2024-05-01/hour=10/part-001.parquet');
    const rows = rowsOf(await new ParquetObjectReader(store, file.objectKey, file.bytes).read());
    expect(rows.map((row) => row.timestamp)).toEqual([HOUR + MINUTE, HOUR + 7n * MINUTE, HOUR + 8n * MINUTE]);
    // Compacted segments keep a `.seal`-only tombstone (late rows then go to the next generation).
    const hot = datasetDir(join(root, 'hot'), 'acme', 'spans');
    expect(await readdir(hot)).toHaveLength(hourTen.length + hourEleven.length);
    for (const id of hourTen) expect(await readdir(join(hot, id.split('/')[2]))).toEqual(['.seal']);
    for (const id of hourEleven) expect(await readdir(join(hot, id.split('/')[2]))).toContain('HEAD');
  });

  it('compacts late data for an already-parquetized hour into the next part', async () => {
    // A later generation of the hour (as the writer makes after a seal): its own segment id.
    const late = await ingestAndSeal([HOUR + 22n * MINUTE], 'late');
    const clock = () => Number((HOUR + 200n * MINUTE) / 1_000_000n);
    const report = await parquetizerPass({ catalog, hotRoot: join(root, 'hot'), objectStore: store, clock, indexingFor: spansLikeIndexing });
    expect(report).toMatchObject({ parts: 2, failures: 0 });
    const [file] = await catalog.forTenant('acme').parquetFiles.forSegments(late);
    expect(file.objectKey).toBe('shard=0/tenant=acme/dataset=spans/dt=2024-05-01/hour=10/part-002.parquet');
    expect(file.rowCount).toBe(1);
  });
});
