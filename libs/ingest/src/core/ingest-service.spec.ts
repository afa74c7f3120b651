import { readFileSync, rmSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Catalog } from '@prism/catalog';
import { ContentType, decodeAndEventize, type IngestFormat, type Signal } from '@prism/contract';
import { signalByName } from '@prism/signal-registry';
import { createLogger } from '@prism/server';
import { datasetDir, listSegments, segmentPaths } from '@prism/storage';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { catalogFailingTransactions, PublishFailingOnceWriter } from '../test-support/failing-stores';
import { memoryCatalog, tempHotStore, visibleRowCount } from '../test-support/ingest-fixture';
import { sdkTraceBodies, bytesOf } from '../test-support/sdk-payloads';
import type { IngestRequest } from './ingest-request';
import { IngestService } from './ingest-service';
import { requestDigest } from './request-digest';

const spans = signalByName('spans') as Signal;
const traceJson = readFileSync(join(import.meta.dirname, '../../test-data/trace.json'));
const logger = createLogger({ level: 'error', write: (line) => void process.stderr.write(line) });
let catalog: Catalog;
let tenantSeq = 0;
let tenantId: string;
let hot: ReturnType<typeof tempHotStore>;

beforeAll(async () => {
  catalog = await memoryCatalog();
});
afterAll(async () => {
  await catalog.close();
});
beforeEach(async () => {
  tenantId = `t${++tenantSeq}`;
  await catalog.tenants.create({ tenantId });
  hot = tempHotStore();
});
afterEach(() => hot.cleanUp());

function request(body: Uint8Array, extra: Partial<IngestRequest> = {}): IngestRequest {
  return { tenant: { tenantId, shardId: 1 }, signal: spans, body, contentType: ContentType.protobuf, ...extra };
}

async function segmentRowsInCatalog(): Promise<number> {
  const segments = await catalog.forTenant(tenantId).segments.overlapping({ dataset: spans.defaultDataset, fromNs: 0n, toNs: 2n ** 62n });
  return segments.reduce((sum, segment) => sum + segment.rowCount, 0);
}

describe('IngestService', () => {
  it('stores SDK spans, visible in the hot store and the catalog as soon as it answers', async () => {
    const service = new IngestService({ catalog, store: hot.store, logger });
    const bodies = sdkTraceBodies(3);
    const outcome = await service.ingest(request(bodies.protobuf));
    expect(outcome).toEqual({ kind: 'accepted', acceptedRecords: 3 });
    expect(await visibleRowCount(hot.root, tenantId, spans.defaultDataset)).toBe(3);
    expect(await segmentRowsInCatalog()).toBe(3);
    const traceId = Uint8Array.from(Buffer.from(bodies.traceIdHex, 'hex'));
    expect(await catalog.forTenant(tenantId).segments.forTrace(traceId)).toHaveLength(1);
  });

  it('answers a retry with the same Idempotency-Key from the stored response without storing twice', async () => {
    const service = new IngestService({ catalog, store: hot.store, logger });
    const body = sdkTraceBodies(2).protobuf;
    expect((await service.ingest(request(body, { idempotencyKey: 'k1' }))).kind).toBe('accepted');
    expect(await service.ingest(request(body, { idempotencyKey: 'k1' }))).toEqual({ kind: 'duplicate', acceptedRecords: 2 });
    expect(await visibleRowCount(hot.root, tenantId, spans.defaultDataset)).toBe(2);
    expect(await segmentRowsInCatalog()).toBe(2);
  });

  it('treats an identical body without a key as a retry within the digest window', async () => {
    const service = new IngestService({ catalog, store: hot.store, logger });
    const body = sdkTraceBodies(2).protobuf;
    await service.ingest(request(body));
    expect((await service.ingest(request(body))).kind).toBe('duplicate');
    expect((await service.ingest(request(sdkTraceBodies(2, 'other').protobuf))).kind).toBe('accepted');
    expect(await visibleRowCount(hot.root, tenantId, spans.defaultDataset)).toBe(4);
  });

  it('refuses a reused key with another body as a conflict', async () => {
    const service = new IngestService({ catalog, store: hot.store, logger });
    await service.ingest(request(sdkTraceBodies(1).protobuf, { idempotencyKey: 'k2' }));
    const outcome = await service.ingest(request(sdkTraceBodies(1, 'b').protobuf, { idempotencyKey: 'k2' }));
    expect(outcome.kind).toBe('conflict');
    expect(await visibleRowCount(hot.root, tenantId, spans.defaultDataset)).toBe(1);
  });

  it('rejects an undecodable body as bad data and reports partial success for bad records', async () => {
    const service = new IngestService({ catalog, store: hot.store, logger });
    expect(await service.ingest(request(bytesOf('{"resourceSpans": 7}'), { contentType: ContentType.json }))).toMatchObject({ kind: 'rejected' });
    const outcome = await service.ingest(request(traceJson, { contentType: ContentType.json }));
    expect(outcome).toMatchObject({ kind: 'accepted' });
    const broken = JSON.parse(traceJson.toString()) as { resourceSpans: [{ scopeSpans: [{ spans: Array<Record<string, unknown>> }] }] };
    broken.resourceSpans[0].scopeSpans[0].spans.push({ ...broken.resourceSpans[0].scopeSpans[0].spans[0], traceId: 'zz' });
    const partial = await service.ingest(request(bytesOf(JSON.stringify(broken)), { contentType: ContentType.json }));
    expect(partial).toMatchObject({ kind: 'accepted', partialSuccess: { rejected: 1 } });
    expect(partial.kind === 'accepted' && partial.partialSuccess?.errorMessage).toContain('traceId');
  });

  it('refuses, rather than drops, the bad records of an extra format: its 202 has no room to report them', async () => {
    const service = new IngestService({ catalog, store: hot.store, logger });
    // A format that keeps the good records and lists the bad ones, as OTLP may (Zipkin itself rejects the body).
    const lenient: IngestFormat = {
      path: '/lenient',
      contentTypes: [ContentType.json],
      eventize: (body, contentType, context) => decodeAndEventize(spans.ingest, body, contentType, context),
    };
    const broken = JSON.parse(traceJson.toString()) as { resourceSpans: [{ scopeSpans: [{ spans: Array<Record<string, unknown>> }] }] };
    broken.resourceSpans[0].scopeSpans[0].spans.push({ ...broken.resourceSpans[0].scopeSpans[0].spans[0], traceId: 'zz' });
    const outcome = await service.ingest(request(bytesOf(JSON.stringify(broken)), { format: lenient, contentType: ContentType.json }));
    expect(outcome).toEqual({ kind: 'rejected', message: expect.stringContaining('traceId') });
    expect(await visibleRowCount(hot.root, tenantId, spans.defaultDataset)).toBe(0);
    expect(await service.ingest(request(traceJson, { format: lenient, contentType: ContentType.json }))).toMatchObject({ kind: 'accepted' });
  });

  it('rolls a commit back when the catalog fails: 503, nothing visible, and the retry succeeds', async () => {
    let down = true;
    const service = new IngestService({ catalog: catalogFailingTransactions(catalog, () => down), store: hot.store });
    const body = sdkTraceBodies(3).protobuf;
    const failed = await service.ingest(request(body, { idempotencyKey: 'k3' }));
    expect(failed).toMatchObject({ kind: 'retryable', status: 503 });
    expect(await visibleRowCount(hot.root, tenantId, spans.defaultDataset)).toBe(0);
    expect(await segmentRowsInCatalog()).toBe(0);
    down = false;
    expect(await service.ingest(request(body, { idempotencyKey: 'k3' }))).toEqual({ kind: 'accepted', acceptedRecords: 3 });
    expect(await visibleRowCount(hot.root, tenantId, spans.defaultDataset)).toBe(3);
  });

  it("rolls the catalog transaction back when the commit's files cannot be written: 503, nothing recorded, the retry succeeds", async () => {
    const service = new IngestService({ catalog, store: hot.store, logger });
    expect(await service.ingest(request(sdkTraceBodies(2, 'first').protobuf))).toEqual({ kind: 'accepted', acceptedRecords: 2 });
    await service.drain();
    // A stray file with commit 2's block name: its exclusive create fails while the transaction runs.
    const [segment] = await listSegments(hot.root, tenantId, spans.defaultDataset);
    writeFileSync(segmentPaths(join(datasetDir(hot.root, tenantId, spans.defaultDataset), segment.segmentId)).commitBlocks(2), 'stray');
    const body = sdkTraceBodies(3, 'second').protobuf;
    expect(await service.ingest(request(body, { idempotencyKey: 'k-write' }))).toMatchObject({ kind: 'retryable', status: 503 });
    expect(await segmentRowsInCatalog()).toBe(2);
    expect(await visibleRowCount(hot.root, tenantId, spans.defaultDataset)).toBe(2);
    // The claim rolled back with the transaction and the stray file was cleared: the retry is stored once.
    expect(await service.ingest(request(body, { idempotencyKey: 'k-write' }))).toEqual({ kind: 'accepted', acceptedRecords: 3 });
    expect(await segmentRowsInCatalog()).toBe(5);
    expect(await visibleRowCount(hot.root, tenantId, spans.defaultDataset)).toBe(5);
  });

  it('retries a commit whose publish failed after the catalog write, and the catalog counts self-correct', async () => {
    const root = mkdtempSync(join(tmpdir(), 'prism-ingest-publish-'));
    const store = new PublishFailingOnceWriter({ root });
    try {
      const service = new IngestService({ catalog, store });
      await service.ingest(request(sdkTraceBodies(2, 'first').protobuf));
      store.failNextPublish = true;
      const body = sdkTraceBodies(3, 'second').protobuf;
      expect(await service.ingest(request(body, { idempotencyKey: 'k4' }))).toMatchObject({ kind: 'retryable', status: 503 });
      expect(await visibleRowCount(root, tenantId, spans.defaultDataset)).toBe(2);
      // The catalog recorded the commit that never became visible (5 rows); the next commit to the
      // segment records the manifest's absolute totals, so the count corrects itself.
      expect(await segmentRowsInCatalog()).toBe(5);
      await service.ingest(request(sdkTraceBodies(1, 'third').protobuf));
      expect(await visibleRowCount(root, tenantId, spans.defaultDataset)).toBe(3);
      expect(await segmentRowsInCatalog()).toBe(3);
      // The key was released, so the client's retry is processed again rather than "in progress".
      expect(await service.ingest(request(body, { idempotencyKey: 'k4' }))).toMatchObject({ kind: 'accepted' });
      expect(await visibleRowCount(root, tenantId, spans.defaultDataset)).toBe(6);
      expect(await segmentRowsInCatalog()).toBe(6);
    } finally {
      await store.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('lets a retry take over the key of a request whose process died after claiming it, once the claim lease ran out', async () => {
    const body = sdkTraceBodies(3, 'crashed').protobuf;
    const retry = request(body, { idempotencyKey: 'k5' });
    // What a process that died between claiming and completing leaves behind: a pending key.
    await catalog.forTenant(tenantId).idempotencyKeys.claim({ key: 'k5', digest: requestDigest(retry), ttlMs: 86_400_000 });
    const stores = { catalog, store: hot.store, logger };
    expect(await new IngestService(stores).ingest(retry)).toMatchObject({ kind: 'retryable', status: 503 });
    expect(await visibleRowCount(hot.root, tenantId, spans.defaultDataset)).toBe(0);

    await new Promise((resolve) => setTimeout(resolve, 20));
    const shortLease = new IngestService(stores, { claimLeaseMs: 10 });
    expect(await shortLease.ingest(retry)).toEqual({ kind: 'accepted', acceptedRecords: 3 });
    expect(await shortLease.ingest(retry)).toEqual({ kind: 'duplicate', acceptedRecords: 3 });
    expect(await visibleRowCount(hot.root, tenantId, spans.defaultDataset)).toBe(3);
    expect(await segmentRowsInCatalog()).toBe(3);
  });

  it('throttles a tenant past its burst with a retry delay', () => {
    let now = 0;
    const service = new IngestService(
      { catalog, store: hot.store },
      { limitsFor: () => ({ maxBodyBytes: 1024, rate: { perSecond: 2, burst: 2 } }), clock: () => now },
    );
    expect(service.throttle(tenantId)).toBeUndefined();
    expect(service.throttle(tenantId)).toBeUndefined();
    expect(service.throttle(tenantId)).toEqual({ kind: 'retryable', status: 429, message: expect.any(String), retryAfterMs: 500 });
    expect(service.throttle('another')).toBeUndefined();
    now = 500;
    expect(service.throttle(tenantId)).toBeUndefined();
  });
});
