import { spansLikeIndexing } from '../test-support/hot-fixture';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Catalog } from '@prism/catalog';
import { openTestCatalog } from '@prism/catalog/testing';
import { RowBatchBuilder, rowsOf, type RowBatch } from '@prism/contract';
import { FilesystemObjectStore, HotStoreWriter, ParquetObjectReader, datasetDir, defaultFilesystemObjectStoreOptions, openSegmentReader } from '@prism/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessEventBus } from '../events/in-process-event-bus';
import type { LifecycleEvent } from '../events/lifecycle-event';
import { catalogSealerStore } from '../sealer/sealer-catalog';
import { sealerPass } from '../sealer/sealer-pass';
import { commitLikeIngest } from '../test-support/ingest-commit';
import { InMemoryDeadLetterStore } from '../test-support/in-memory-dead-letter-store';
import { defaultParquetizerOptions, parquetizerPass } from './parquetizer-pass';

/** 2024-05-01T10:00:00Z. */
const HOUR = 1_714_557_600_000_000_000n;
const MINUTE = 60_000_000_000n;
const WINDOW = '20240501T100500Z-300s';
const toMs = (ns: bigint) => Number(ns / 1_000_000n);

let root: string;
let hotRoot: string;
let catalog: Catalog;
let store: FilesystemObjectStore;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'prism-late-data-'));
  hotRoot = join(root, 'hot');
  store = new FilesystemObjectStore(defaultFilesystemObjectStoreOptions(join(root, 'objects')));
  catalog = await openTestCatalog();
  await catalog.tenants.create({ tenantId: 'acme' });
}, 30_000);

afterAll(async () => {
  await catalog?.close();
  await rm(root, { recursive: true, force: true });
});

function spans(times: bigint[], name: string): RowBatch {
  const builder = new RowBatchBuilder();
  for (const timestamp of times) {
    builder.startRow();
    builder.setInt64('timestamp', timestamp);
    builder.setString('name', name);
  }
  return builder.build();
}

/** One sealer pass then one parquetizer pass at `nowNs`; returns the parquetizer's report and events. */
async function sealAndCompact(nowNs: bigint) {
  const clock = () => toMs(nowNs);
  const sealed = await sealerPass({ catalog: catalogSealerStore(catalog), hotRoot, objects: store, clock }, { graceMs: 0 });
  expect(sealed).toMatchObject({ busy: [], failed: [] });
  const events: LifecycleEvent[] = [];
  const bus = new InProcessEventBus({ deadLetters: new InMemoryDeadLetterStore() });
  bus.subscribe('record', async (event) => void events.push(event), ['segment.parquetized']);
  const report = await parquetizerPass(
    { catalog, hotRoot, objectStore: store, clock, events: bus, indexingFor: spansLikeIndexing },
    { ...defaultParquetizerOptions(), latenessMs: 0 },
  );
  return { report, events };
}

async function partRows(objectKey: string): Promise<unknown[]> {
  const [file] = (await catalog.forTenant('acme').parquetFiles.forSegments([`acme/spans/${WINDOW}`, `acme/spans/${WINDOW}~2`])).filter(
    (f) => f.objectKey === objectKey,
  );
  return rowsOf(await new ParquetObjectReader(store, objectKey, file.bytes).read()).map((row) => [row.timestamp, row.name]);
}

describe('late data after compaction', () => {
  it('is accepted into the next generation, stays queryable, and is compacted into the next part', async () => {
    // The ingest path keeps one writer (and its leases) across requests; close() stands in for the leases lapsing.
    const writer = new HotStoreWriter({ root: hotRoot });
    expect(await commitLikeIngest(writer, catalog, 'acme', 'spans', spans([HOUR + 6n * MINUTE, HOUR + 7n * MINUTE], 'on-time'))).toEqual([
      `acme/spans/${WINDOW}`,
    ]);
    await writer.close();

    const first = await sealAndCompact(HOUR + 2n * 60n * MINUTE);
    expect(first.report).toMatchObject({ parts: 1, segments: 1, failures: 0 });
    const partOne = 'shard=0/tenant=acme/dataset=spans/dt=2024-05-01/hour=10/part-001.parquet';
    // One segment.parquetized per segment, after the commit, naming the part.
    expect(first.events.map((event) => [event.type, event.segmentId, event.detail?.['objectKey'], event.detail?.['part']])).toEqual([
      ['segment.parquetized', `acme/spans/${WINDOW}`, partOne, 1],
    ]);
    // The hot copy is gone but its .seal stays as a tombstone.
    expect(await readdir(join(datasetDir(hotRoot, 'acme', 'spans'), WINDOW))).toEqual(['.seal']);

    // Late rows for the same window, through the same writer: refused by neither the hot store nor the catalog.
    const late = await commitLikeIngest(writer, catalog, 'acme', 'spans', spans([HOUR + 8n * MINUTE], 'late'));
    expect(late).toEqual([`acme/spans/${WINDOW}~2`]);
    const tenant = catalog.forTenant('acme');
    expect((await tenant.segments.get(`acme/spans/${WINDOW}`))?.state).toBe('parquetized');
    expect((await tenant.segments.get(`acme/spans/${WINDOW}~2`))?.state).toBe('open');
    // Queryable hot: the tiered reader picks the hot copy of an open segment.
    const hot = await openSegmentReader(hotRoot, 'acme', 'spans', `${WINDOW}~2`);
    expect(rowsOf(await hot.readColumns()).map((row) => row.name)).toEqual(['late']);
    // A second late batch goes to the same open generation.
    expect(await commitLikeIngest(writer, catalog, 'acme', 'spans', spans([HOUR + 9n * MINUTE], 'later'))).toEqual([`acme/spans/${WINDOW}~2`]);
    await writer.close();

    const second = await sealAndCompact(HOUR + 3n * 60n * MINUTE);
    expect(second.report).toMatchObject({ parts: 1, segments: 1, rows: 2, failures: 0 });
    const partTwo = 'shard=0/tenant=acme/dataset=spans/dt=2024-05-01/hour=10/part-002.parquet';
    expect(second.events.map((event) => [event.segmentId, event.detail?.['objectKey']])).toEqual([[`acme/spans/${WINDOW}~2`, partTwo]]);
    // Cold: both parts are found through the window's segments and hold every row once.
    const files = await tenant.parquetFiles.forSegments([`acme/spans/${WINDOW}`, `acme/spans/${WINDOW}~2`]);
    expect(files.map((file) => file.objectKey)).toEqual([partOne, partTwo]);
    expect(await partRows(partOne)).toEqual([
      [HOUR + 6n * MINUTE, 'on-time'],
      [HOUR + 7n * MINUTE, 'on-time'],
    ]);
    expect(await partRows(partTwo)).toEqual([
      [HOUR + 8n * MINUTE, 'late'],
      [HOUR + 9n * MINUTE, 'later'],
    ]);
    expect((await readdir(datasetDir(hotRoot, 'acme', 'spans'))).sort()).toEqual([WINDOW, `${WINDOW}~2`]);
    expect(await readdir(join(datasetDir(hotRoot, 'acme', 'spans'), `${WINDOW}~2`))).toEqual(['.seal']);
  });
});
