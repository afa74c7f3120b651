import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Catalog, Segment } from '@prism/catalog';
import { openTestCatalog } from '@prism/catalog/testing';
import {
  FilesystemObjectStore,
  HotStoreWriter,
  defaultFilesystemObjectStoreOptions,
  openSegmentReader,
  openWarmSegmentReader,
  type ObjectStore,
} from '@prism/storage';
import { InMemoryDeadLetterStore } from '../test-support/in-memory-dead-letter-store';
import { InProcessEventBus } from '../events/in-process-event-bus';
import type { LifecycleEvent } from '../events/lifecycle-event';
import type { PassProgress } from '../jobs/pass-progress';
import { BASE_NS, WINDOW_NS, rowsBatch, segmentRecord, writeHotSegments } from '../test-support/hot-fixture';
import { catalogSealerStore } from './sealer-catalog';
import { sealerPass } from './sealer-pass';

const WINDOW_END_MS = Number((BASE_NS + WINDOW_NS) / 1_000_000n);
let catalog: Catalog;
let dir: string;
let objects: ObjectStore;
let tenant = 0;

beforeAll(async () => {
  catalog = await openTestCatalog();
}, 30_000);

afterAll(async () => {
  await catalog.close();
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'prism-sealer-'));
  objects = new FilesystemObjectStore(defaultFilesystemObjectStoreOptions(join(dir, 'objects')));
  return () => rm(dir, { recursive: true, force: true });
});

/** A fresh tenant (one catalog per file) with segments recorded as ingest would. */
async function tenantWith(segments: (tenantId: string) => Promise<Segment[]>): Promise<{ tenantId: string; segments: Segment[] }> {
  const tenantId = `t${++tenant}`;
  await catalog.tenants.create({ tenantId });
  const written = await segments(tenantId);
  for (const segment of written) await catalog.forTenant(tenantId).segments.upsert(segment);
  return { tenantId, segments: written };
}

async function expectWarmEqualsHot(tenantId: string, segmentId: string, prefix: string) {
  const window = segmentId.split('/')[2];
  const hot = await openSegmentReader(join(dir, 'hot'), tenantId, 'spans', window);
  const warm = await openWarmSegmentReader(objects, prefix);
  expect(warm.rowCount).toBe(hot.rowCount);
  expect((await warm.readColumns()).toArray().map((row) => row.toJSON())).toEqual((await hot.readColumns()).toArray().map((row) => row.toJSON()));
}

describe('sealerPass', () => {
  it('seals segments whose window plus grace is over, leaves younger ones open, and emits segment.sealed', async () => {
    const { tenantId } = await tenantWith((id) =>
      writeHotSegments(join(dir, 'hot'), id, 'spans', [rowsBatch(50, BASE_NS, 1), rowsBatch(30, BASE_NS + 1000n, 2), rowsBatch(20, BASE_NS + WINDOW_NS, 3)]),
    );
    const events: LifecycleEvent[] = [];
    const bus = new InProcessEventBus({ deadLetters: new InMemoryDeadLetterStore() });
    bus.subscribe('record', async (event) => void events.push(event));
    const progress: PassProgress[] = [];
    const deps = { catalog: catalogSealerStore(catalog), hotRoot: join(dir, 'hot'), objects, events: bus, clock: () => WINDOW_END_MS + 60_000 };

    const summary = await sealerPass(deps, { graceMs: 60_000 }, (update) => progress.push(update));
    const first = `${tenantId}/spans/20231114T221000Z-300s`;
    expect(summary).toMatchObject({ sealed: [first], resumed: [], busy: [], failed: [] });
    expect(summary.notDue).toBeGreaterThanOrEqual(1);
    const sealed = await catalog.forTenant(tenantId).segments.get(first);
    expect(sealed?.state).toBe('sealed');
    expect(sealed?.objectPrefix).toMatch(new RegExp(`^shard=0/tenants/${tenantId}/datasets/spans/seg/p=[0-9a-f]{4}/20231114T221000Z-300s$`));
    await expectWarmEqualsHot(tenantId, first, sealed?.objectPrefix ?? '');
    expect(events.map((event) => [event.type, event.segmentId, event.detail?.['objectPrefix']])).toEqual([['segment.sealed', first, sealed?.objectPrefix]]);
    expect(progress.at(-1)).toMatchObject({ pass: 'seal', done: 1, total: 1, item: first, outcome: 'sealed' });
    expect((await catalog.forTenant(tenantId).segments.get(`${tenantId}/spans/20231114T221500Z-300s`))?.state).toBe('open');

    // Nothing left to do: a second pass seals nothing.
    expect((await sealerPass(deps, { graceMs: 60_000 })).sealed.filter((id) => id.startsWith(`${tenantId}/`))).toEqual([]);
  });

  it('seals by size while the window is open; later rows of the window go to the next generation, sealed later', async () => {
    const hotRoot = join(dir, 'hot');
    const { tenantId, segments } = await tenantWith((id) => writeHotSegments(hotRoot, id, 'spans', [rowsBatch(200, BASE_NS, 1)]));
    const deps = { catalog: catalogSealerStore(catalog), hotRoot, objects, clock: () => WINDOW_END_MS - 100_000 };
    const summary = await sealerPass(deps, { maxSegmentBytes: segments[0].bytes });
    expect(summary.sealed).toContain(segments[0].segmentId);

    const [late] = await writeHotSegments(hotRoot, tenantId, 'spans', [rowsBatch(10, BASE_NS + 5n, 9)]);
    expect(late.segmentId).toBe(`${tenantId}/spans/20231114T221000Z-300s~2`);
    expect((await openSegmentReader(hotRoot, tenantId, 'spans', '20231114T221000Z-300s')).rowCount).toBe(200);
    await catalog.forTenant(tenantId).segments.upsert(late);
    const later = await sealerPass({ ...deps, clock: () => WINDOW_END_MS + 120_000 }, {});
    expect(later.sealed).toContain(late.segmentId);
    const record = await catalog.forTenant(tenantId).segments.get(late.segmentId);
    await expectWarmEqualsHot(tenantId, late.segmentId, record?.objectPrefix ?? '');
  });

  it('reports a segment whose writer holds the lease as busy and a segment without hot data as failed, then goes on', async () => {
    const hotRoot = join(dir, 'hot');
    const writer = new HotStoreWriter({ root: hotRoot });
    const { tenantId } = await tenantWith(async (id) => {
      await (await writer.prepareCommit(id, 'spans', rowsBatch(5, BASE_NS, 1))).publish();
      const held = await segmentRecord(hotRoot, id, 'spans', '20231114T221000Z-300s', 0);
      const missing = { ...held, segmentId: `${id}/spans/20231114T220500Z-300s`, minTimestampNs: BASE_NS - WINDOW_NS, maxTimestampNs: BASE_NS - 1n };
      return [held, missing];
    });
    const summary = await sealerPass({ catalog: catalogSealerStore(catalog), hotRoot, objects, clock: () => WINDOW_END_MS + 3_600_000 }, {});
    await writer.close();
    const mine = (id: string) => id.startsWith(`${tenantId}/`);
    expect(summary.busy.filter(mine)).toEqual([`${tenantId}/spans/20231114T221000Z-300s`]);
    expect(summary.failed.filter((failure) => mine(failure.segmentId))).toEqual([
      { segmentId: `${tenantId}/spans/20231114T220500Z-300s`, error: expect.stringContaining('missing') },
    ]);
  });
});
