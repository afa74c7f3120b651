import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Catalog } from '@prism/catalog';
import { ContentType, type Signal } from '@prism/contract';
import { signalByName } from '@prism/signal-registry';
import { listSegments, openSegmentReader } from '@prism/storage';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { catalogFailingTransactions, GatedWriter } from '../test-support/failing-stores';
import { memoryCatalog, visibleRowCount } from '../test-support/ingest-fixture';
import { bytesOf, sdkTraceBodies } from '../test-support/sdk-payloads';
import type { IngestOutcome } from './ingest-outcome';
import type { IngestRequest } from './ingest-request';
import { IngestService } from './ingest-service';

const spans = signalByName('spans') as Signal;
const traceJson = readFileSync(join(import.meta.dirname, '../../test-data/trace.json'));
// A long wait: groups form only behind the commit the test holds in flight.
const grouping = { groupCommit: { maxRows: 50_000, maxBytes: 1 << 30, maxWaitMs: 60_000, lingerMs: 0 } };
let catalog: Catalog;
let tenantSeq = 0;
let tenantId: string;
let root: string;
let store: GatedWriter;

beforeAll(async () => {
  catalog = await memoryCatalog();
});
afterAll(async () => {
  await catalog.close();
});
beforeEach(async () => {
  tenantId = `g${++tenantSeq}`;
  await catalog.tenants.create({ tenantId });
  root = mkdtempSync(join(tmpdir(), 'prism-group-'));
  store = new GatedWriter({ root });
});
afterEach(async () => {
  await store.close();
  rmSync(root, { recursive: true, force: true });
});

function request(body: Uint8Array, extra: Partial<IngestRequest> = {}): IngestRequest {
  return { tenant: { tenantId, shardId: 1 }, signal: spans, body, contentType: ContentType.protobuf, ...extra };
}

/** Starts the first request with its commit held in flight, queues the others behind it, then lets everything commit. */
async function behindAHeldCommit(service: IngestService, first: IngestRequest, queued: IngestRequest[]): Promise<IngestOutcome[]> {
  store.holding = true;
  const before = store.prepares;
  const all = [service.ingest(first)];
  await until(() => store.prepares === before + 1);
  all.push(...queued.map((next) => service.ingest(next)));
  await new Promise((resolve) => setTimeout(resolve, 30));
  store.release();
  return Promise.all(all);
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
}

/** Commits published to the tenant's span segments (manifest versions), summed over segments. */
async function publishedCommits(): Promise<number> {
  let commits = 0;
  for (const segment of await listSegments(root, tenantId, spans.defaultDataset)) {
    commits += (await openSegmentReader(root, tenantId, spans.defaultDataset, segment.segmentId)).version;
  }
  return commits;
}

describe('group commit', () => {
  it('merges requests that arrive while a commit is in flight into one commit and answers each by itself', async () => {
    const service = new IngestService({ catalog, store }, grouping);
    const three = sdkTraceBodies(3, 'three').protobuf;
    const two = sdkTraceBodies(2, 'two').protobuf;
    const broken = JSON.parse(traceJson.toString()) as { resourceSpans: [{ scopeSpans: [{ spans: Array<Record<string, unknown>> }] }] };
    broken.resourceSpans[0].scopeSpans[0].spans.push({ ...broken.resourceSpans[0].scopeSpans[0].spans[0], traceId: 'zz' });
    const outcomes = await behindAHeldCommit(service, request(sdkTraceBodies(1, 'first').protobuf), [
      request(two),
      request(three),
      request(bytesOf(JSON.stringify(broken)), { contentType: ContentType.json }),
      request(sdkTraceBodies(4, 'four').json, { contentType: ContentType.json }),
    ]);
    expect(outcomes).toEqual([
      { kind: 'accepted', acceptedRecords: 1 },
      { kind: 'accepted', acceptedRecords: 2 },
      { kind: 'accepted', acceptedRecords: 3 },
      { kind: 'accepted', acceptedRecords: 1, partialSuccess: { rejected: 1, errorMessage: expect.stringContaining('traceId') } },
      { kind: 'accepted', acceptedRecords: 4 },
    ]);
    expect(store.prepares).toBe(2);
    expect(await visibleRowCount(root, tenantId, spans.defaultDataset)).toBe(11);
    // trace.json lies in another window than the SDK spans: the group published one commit to each.
    expect(await publishedCommits()).toBe(3);
    const segments = await catalog.forTenant(tenantId).segments.overlapping({ dataset: spans.defaultDataset, fromNs: 0n, toNs: 1n << 62n });
    expect(segments.reduce((sum, segment) => sum + segment.rowCount, 0)).toBe(11);
    // Every key is answered as a duplicate afterwards, with its own response.
    expect(await service.ingest(request(three))).toEqual({ kind: 'duplicate', acceptedRecords: 3 });
    await service.drain();
    expect(await service.ingest(request(two))).toEqual({ kind: 'duplicate', acceptedRecords: 2 });
    expect(await visibleRowCount(root, tenantId, spans.defaultDataset)).toBe(11);
  });

  it('commits at once when nothing is in flight', async () => {
    const service = new IngestService({ catalog, store }, grouping);
    expect(await service.ingest(request(sdkTraceBodies(2, 'alone').protobuf))).toEqual({ kind: 'accepted', acceptedRecords: 2 });
    expect(await service.ingest(request(sdkTraceBodies(2, 'next').protobuf))).toEqual({ kind: 'accepted', acceptedRecords: 2 });
    expect(await publishedCommits()).toBe(2);
  });

  it('stores a key repeated within one group once: the repeat is a duplicate, the same key with another body a conflict', async () => {
    const service = new IngestService({ catalog, store }, grouping);
    const body = sdkTraceBodies(3, 'keyed').protobuf;
    const outcomes = await behindAHeldCommit(service, request(sdkTraceBodies(1, 'first').protobuf), [
      request(body, { idempotencyKey: 'k1' }),
      request(body, { idempotencyKey: 'k1' }),
      request(sdkTraceBodies(2, 'other').protobuf, { idempotencyKey: 'k1' }),
      request(body),
      request(body),
    ]);
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['accepted', 'accepted', 'duplicate', 'conflict', 'accepted', 'duplicate']);
    expect(outcomes[2]).toEqual({ kind: 'duplicate', acceptedRecords: 3 });
    expect(await visibleRowCount(root, tenantId, spans.defaultDataset)).toBe(1 + 3 + 3);
  });

  it('takes a request whose key is already stored out of the group and commits the rest', async () => {
    const service = new IngestService({ catalog, store }, grouping);
    const stored = sdkTraceBodies(2, 'stored').protobuf;
    await service.ingest(request(stored, { idempotencyKey: 'done' }));
    const outcomes = await behindAHeldCommit(service, request(sdkTraceBodies(1, 'first').protobuf), [
      request(sdkTraceBodies(3, 'new').protobuf),
      request(stored, { idempotencyKey: 'done' }),
      request(sdkTraceBodies(4, 'also new').protobuf),
    ]);
    expect(outcomes).toEqual([
      { kind: 'accepted', acceptedRecords: 1 },
      { kind: 'accepted', acceptedRecords: 3 },
      { kind: 'duplicate', acceptedRecords: 2 },
      { kind: 'accepted', acceptedRecords: 4 },
    ]);
    expect(await visibleRowCount(root, tenantId, spans.defaultDataset)).toBe(2 + 1 + 3 + 4);
  });

  it('fails the whole group with 503 when the catalog fails, leaving nothing visible, and the retries then succeed', async () => {
    let down = false;
    const service = new IngestService({ catalog: catalogFailingTransactions(catalog, () => down), store }, grouping);
    const queued = [request(sdkTraceBodies(2, 'a').protobuf, { idempotencyKey: 'ka' }), request(sdkTraceBodies(3, 'b').protobuf)];
    store.holding = true;
    const first = service.ingest(request(sdkTraceBodies(1, 'first').protobuf));
    await until(() => store.prepares === 1);
    const group = queued.map((next) => service.ingest(next));
    await new Promise((resolve) => setTimeout(resolve, 30));
    down = true;
    store.release();
    const outcomes = await Promise.all([first, ...group]);
    expect(outcomes.map((outcome) => outcome.kind === 'retryable' && outcome.status)).toEqual([503, 503, 503]);
    expect(store.prepares).toBe(2);
    expect(await visibleRowCount(root, tenantId, spans.defaultDataset)).toBe(0);
    expect(await catalog.forTenant(tenantId).segments.overlapping({ dataset: spans.defaultDataset, fromNs: 0n, toNs: 1n << 62n })).toEqual([]);
    down = false;
    expect(await Promise.all(queued.map((next) => service.ingest(next)))).toEqual([
      { kind: 'accepted', acceptedRecords: 2 },
      { kind: 'accepted', acceptedRecords: 3 },
    ]);
    expect(await visibleRowCount(root, tenantId, spans.defaultDataset)).toBe(5);
  });

  it('bounds a group by rows: a full group starts without waiting for the commit in flight', async () => {
    const service = new IngestService({ catalog, store }, { groupCommit: { maxRows: 4, maxBytes: 1 << 30, maxWaitMs: 60_000, lingerMs: 0 } });
    const outcomes = await behindAHeldCommit(service, request(sdkTraceBodies(1, 'first').protobuf), [
      request(sdkTraceBodies(2, 'a').protobuf),
      request(sdkTraceBodies(2, 'b').protobuf),
      request(sdkTraceBodies(2, 'c').protobuf),
    ]);
    expect(outcomes.every((outcome) => outcome.kind === 'accepted')).toBe(true);
    // 2 + 2 reached maxRows and started at once; 'c' waited for a commit to end.
    expect(store.prepares).toBe(3);
    expect(await visibleRowCount(root, tenantId, spans.defaultDataset)).toBe(7);
  });

  it('right after a busy commit, waits briefly for as many requests as the lane just had; an idle lane commits at once', async () => {
    const service = new IngestService({ catalog, store }, { groupCommit: { maxRows: 50_000, maxBytes: 1 << 30, maxWaitMs: 300, lingerMs: 1_000 } });
    // (The two queued requests themselves linger up to 1 s for the first request's client, which sends nothing more here.)
    await behindAHeldCommit(service, request(sdkTraceBodies(1, 'first').protobuf), [
      request(sdkTraceBodies(1, 'a').protobuf),
      request(sdkTraceBodies(1, 'b').protobuf),
    ]);
    const before = store.prepares;
    // The lane just answered two requests at once: the next one waits for a second, then both commit together.
    const lingering = service.ingest(request(sdkTraceBodies(2, 'c').protobuf));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(store.prepares).toBe(before);
    const second = service.ingest(request(sdkTraceBodies(3, 'd').protobuf));
    expect(await Promise.all([lingering, second])).toEqual([
      { kind: 'accepted', acceptedRecords: 2 },
      { kind: 'accepted', acceptedRecords: 3 },
    ]);
    expect(store.prepares).toBe(before + 1);
    // Longer than maxWaitMs after the last commit the lane counts as idle: no linger.
    await new Promise((resolve) => setTimeout(resolve, 350));
    const started = performance.now();
    expect(await service.ingest(request(sdkTraceBodies(1, 'e').protobuf))).toEqual({ kind: 'accepted', acceptedRecords: 1 });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(await visibleRowCount(root, tenantId, spans.defaultDataset)).toBe(9);
  }, 15_000);
});
