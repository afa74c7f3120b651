import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { segmentAddressOf, type Segment } from '@prism/catalog';
import {
  FilesystemObjectStore,
  PARQUET_FORMAT_VERSION,
  datasetDir,
  defaultFilesystemObjectStoreOptions,
  defaultParquetWriteOptions,
  hourStartOf,
  openSegmentReader,
  openWarmSegmentReader,
  parquetPartKey,
  sealedSegmentPrefix,
  uploadSealedSegment,
  writeParquetPart,
} from '@prism/storage';
import { datasetIndexingOf, registeredSignals } from '@prism/signal-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDslQuery } from '../../http/query-routes';
import { tracesBody } from '../../test-support/otlp-json-bodies';
import { QueryFixture } from '../../test-support/query-fixture';
import { MINUTE, MS, PAYMENTS_TRACE, T0, loadSampleData } from '../../test-support/sample-data';
import type { QueryEngine } from '../query-engine';
import { tieredSegmentSource } from './tiered-segment-source';

const FROM = '2024-05-01T10:00:00Z';
const TO = '2024-05-01T12:00:00Z';
const NOW_MS = Number(T0 / 1_000_000n) + 120 * 60_000;
const DATASETS = ['spans', 'logs', 'metrics'];

/** The query test suite's queries (DSL examples, aggregates, rows, traces), run in every phase. */
const QUERIES: Array<{ tenant: string; body: Record<string, unknown> }> = [
  { tenant: 'acme', body: { signal: 'spans', groupBy: ['service', { timeBucket: '1m' }], aggregates: [{ fn: 'percentile', column: 'duration', q: 0.95 }] } },
  { tenant: 'acme', body: { signal: 'logs', groupBy: ['severity'], aggregates: [{ fn: 'count' }], orderBy: [{ column: 'count', direction: 'desc' }] } },
  {
    tenant: 'acme',
    body: { signal: 'metrics', filters: [{ column: 'metric', op: 'eq', value: 'http.requests' }], aggregates: [{ fn: 'rate', column: 'value' }] },
  },
  {
    tenant: 'acme',
    body: { signal: 'metrics', filters: [{ column: 'metric', op: 'eq', value: 'http.latency' }], aggregates: [{ fn: 'histogram_quantile', q: 0.5 }] },
  },
  {
    tenant: 'acme',
    body: {
      signal: 'spans',
      filters: [{ column: 'service', op: 'eq', value: 'checkout' }],
      groupBy: ['span.attr.http.method'],
      aggregates: [{ fn: 'count' }, { fn: 'sum', column: 'duration' }, { fn: 'max', column: 'name' }, { fn: 'count_distinct', column: 'traceId' }],
    },
  },
  {
    tenant: 'acme',
    body: { signal: 'spans', select: ['service', 'duration', 'span.attr.retry'], orderBy: [{ column: 'duration', direction: 'desc' }], limit: 3 },
  },
  {
    tenant: 'acme',
    body: {
      signal: 'spans',
      filters: [{ column: 'traceId', op: 'eq', value: PAYMENTS_TRACE }],
      select: ['*'],
      orderBy: [{ column: 'timestamp', direction: 'asc' }],
    },
  },
  {
    tenant: 'acme',
    body: {
      signal: 'spans',
      filters: [
        { column: 'duration', op: 'gte', value: 500_000_000 },
        { column: 'name', op: 'regex', value: '^charge' },
      ],
      aggregates: [{ fn: 'count' }],
    },
  },
  { tenant: 'globex', body: { signal: 'spans', select: ['*'] } },
];

let fixture: QueryFixture;
let objectsDir: string;
let store: FilesystemObjectStore;
let baseline: unknown[];

beforeAll(async () => {
  fixture = await QueryFixture.open();
  await loadSampleData(fixture);
  objectsDir = await mkdtemp(join(tmpdir(), 'prism-tiers-'));
  store = new FilesystemObjectStore(defaultFilesystemObjectStoreOptions(objectsDir));
  baseline = await runAll(fixture.engine());
}, 60_000);

afterAll(async () => {
  await fixture?.close();
  if (objectsDir !== undefined) await rm(objectsDir, { recursive: true, force: true });
});

function tieredEngine(): QueryEngine {
  return fixture.engine({ segments: tieredSegmentSource({ hotRoot: fixture.root, objectStore: store, catalog: fixture.catalog, cachedFiles: 16 }) });
}

async function runAll(engine: QueryEngine): Promise<unknown[]> {
  return Promise.all(QUERIES.map(({ tenant, body }) => runDslQuery(engine, { timeRange: { from: FROM, to: TO }, ...body }, tenant, NOW_MS)));
}

async function segmentsOf(tenantId: string, dataset: string): Promise<Segment[]> {
  return fixture.catalog.forTenant(tenantId).segments.overlapping({ dataset, fromNs: 0n, toNs: 2n ** 62n });
}

/** What the sealer does: upload the hot copy, mark the segment sealed, and (here) drop the hot copy. */
async function sealAll(dropHot: boolean): Promise<void> {
  for (const tenantId of ['acme', 'globex']) {
    for (const dataset of DATASETS) {
      for (const segment of await segmentsOf(tenantId, dataset)) {
        const hotId = segmentAddressOf(segment.segmentId)?.segmentId as string;
        const tenant = fixture.catalog.forTenant(tenantId);
        const reader = await openSegmentReader(fixture.root, tenantId, dataset, hotId);
        const dir = join(datasetDir(fixture.root, tenantId, dataset), hotId);
        await uploadSealedSegment(store, dir, sealedSegmentPrefix({ shardId: 0, tenantId, dataset, segmentId: hotId }), reader.manifest);
        await tenant.segments.transition(segment.segmentId, 'sealing');
        await tenant.segments.transition(segment.segmentId, 'sealed');
        if (dropHot) await rm(dir, { recursive: true, force: true });
      }
    }
  }
}

/** What the parquetizer does for every tenant/dataset/hour, warm copies read, small row groups. */
async function parquetizeAll(): Promise<void> {
  for (const tenantId of ['acme', 'globex']) {
    for (const dataset of DATASETS) {
      const tenant = fixture.catalog.forTenant(tenantId);
      const sealed = (await segmentsOf(tenantId, dataset)).filter((segment) => segment.state === 'sealed');
      if (sealed.length === 0) continue;
      const tables = await Promise.all(
        sealed.map(async (segment) => {
          const prefix = sealedSegmentPrefix({ shardId: 0, tenantId, dataset, segmentId: segmentAddressOf(segment.segmentId)?.segmentId as string });
          return (await openWarmSegmentReader(store, prefix)).readColumns();
        }),
      );
      // As the parquetizer does: Bloom filters on the trace-id column the dataset's signal declares.
      const traceIdColumn = datasetIndexingOf(registeredSignals())(dataset).traceIdColumn;
      const bloomColumns = traceIdColumn === undefined ? [] : [traceIdColumn];
      const written = await writeParquetPart(tables, { ...defaultParquetWriteOptions(), rowGroupRows: 8, bloomColumns });
      const hourStartNs = hourStartOf(sealed[0].minTimestampNs);
      const part = await tenant.parquetFiles.nextPart(dataset, 0, hourStartNs);
      const objectKey = parquetPartKey({ shardId: 0, tenantId, dataset, hourStartNs, part });
      await store.put(objectKey, written.bytes);
      await tenant.transaction(async (t) => {
        await t.parquetFiles.record({
          file: {
            objectKey,
            dataset,
            shardId: 0,
            hourStartNs,
            part,
            bytes: written.bytes.length,
            rowCount: written.rowCount,
            minTimestampNs: written.rowGroups.reduce((m, g) => (g.minTimestampNs < m ? g.minTimestampNs : m), written.rowGroups[0].minTimestampNs),
            maxTimestampNs: written.rowGroups.reduce((m, g) => (g.maxTimestampNs > m ? g.maxTimestampNs : m), written.rowGroups[0].maxTimestampNs),
            formatVersion: PARQUET_FORMAT_VERSION,
            columns: written.columns,
          },
          rowGroups: written.rowGroups,
          segmentIds: sealed.map((segment) => segment.segmentId),
        });
        for (const segment of sealed) await t.segments.transition(segment.segmentId, 'parquetized');
      });
    }
  }
}

describe('hot, warm and cold as one logical table', () => {
  it('gives identical results before sealing, after sealing (warm) and after parquetizing (cold)', async () => {
    for (const response of baseline as Array<{ rows: unknown[] }>) expect(response.rows.length).toBeGreaterThan(0);
    expect(await runAll(tieredEngine())).toEqual(baseline);

    await sealAll(true);
    const warm = tieredEngine();
    expect(await runAll(warm)).toEqual(baseline);
    const { explain: warmExplain } = await warm.execute({ signal: 'spans', aggregates: [{ fn: 'count' }] }, { tenantId: 'acme' });
    expect(warmExplain.tiers).toEqual({ hot: 0, warm: 2, cold: 0 });

    await parquetizeAll();
    const cold = tieredEngine();
    expect(await runAll(cold)).toEqual(baseline);
    const { explain } = await cold.execute({ signal: 'spans', aggregates: [{ fn: 'count' }] }, { tenantId: 'acme' });
    expect(explain.tiers).toEqual({ hot: 0, warm: 0, cold: 1 });
    expect(explain.openedSegments).toEqual(['shard=0/tenant=acme/dataset=spans/dt=2024-05-01/hour=10/part-001.parquet']);
  });

  it('prunes row groups by catalog stats and Bloom filters and reports bytes fetched', async () => {
    const engine = tieredEngine();
    const { rows, explain } = await engine.execute(
      { signal: 'spans', filters: [{ column: 'traceId', op: 'eq', value: PAYMENTS_TRACE }], select: ['service'] },
      { tenantId: 'acme' },
    );
    expect(rows).toEqual([{ service: 'payments' }]);
    expect(explain.rowGroups.considered).toBeGreaterThan(2);
    expect(explain.rowGroups.prunedByStats + explain.rowGroups.prunedByBloom).toBe(explain.rowGroups.considered - 1);
    expect(explain.rowGroups.read).toBe(1);
    const file = (await fixture.catalog.forTenant('acme').parquetFiles.forSegments((await segmentsOf('acme', 'spans')).map((s) => s.segmentId)))[0];
    expect(explain.bytesFetched).toBeGreaterThan(0);
    expect(explain.bytesFetched).toBeLessThan(file.bytes);
  });

  it('returns a trace split across cold Parquet and a hot segment whole, each row once', async () => {
    // The same trace gets a late span an hour later: a new hot segment, while its first span is cold.
    await fixture.ingest(
      'acme',
      'spans',
      tracesBody([{ traceId: PAYMENTS_TRACE, spanId: 'ab00000000000001', service: 'ledger', name: 'book', startNs: T0 + 65n * MINUTE, durationNs: 3n * MS }]),
    );
    const { rows, explain } = await tieredEngine().findTrace(PAYMENTS_TRACE, { tenantId: 'acme' }, { signal: 'spans' });
    expect(rows.map((row) => row['resource.service.name'])).toEqual(['payments', 'ledger']);
    expect(explain.tiers).toEqual({ hot: 1, warm: 0, cold: 1 });
  });
});
