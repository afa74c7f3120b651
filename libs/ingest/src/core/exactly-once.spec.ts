import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Catalog } from '@prism/catalog';
import { ContentType, type Signal } from '@prism/contract';
import { signalByName } from '@prism/signal-registry';
import { HotStoreWriter } from '@prism/storage';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { catalogHangingTransactions, DyingWriter, type DeathPoint } from '../test-support/failing-stores';
import { memoryCatalog, visibleRowCount } from '../test-support/ingest-fixture';
import { sdkTraceBodies } from '../test-support/sdk-payloads';
import type { IngestRequest } from './ingest-request';
import { IngestService } from './ingest-service';
import { requestDigest } from './request-digest';

// Each test plays a process that dies at one point of the commit protocol, then a new process
// (new writer on the same hot store, same catalog) receiving the client's retry.
const spans = signalByName('spans') as Signal;
const LEASE_MS = 10;
let catalog: Catalog;
let tenantSeq = 0;
let tenantId: string;
let root: string;
const writers: HotStoreWriter[] = [];

beforeAll(async () => {
  catalog = await memoryCatalog();
});
afterAll(async () => {
  await catalog.close();
});
beforeEach(async () => {
  tenantId = `x${++tenantSeq}`;
  await catalog.tenants.create({ tenantId });
  root = mkdtempSync(join(tmpdir(), 'prism-exactly-once-'));
});
afterEach(async () => {
  await endProcesses();
  rmSync(root, { recursive: true, force: true });
});

function request(body: Uint8Array, idempotencyKey?: string): IngestRequest {
  return { tenant: { tenantId, shardId: 1 }, signal: spans, body, contentType: ContentType.protobuf, ...(idempotencyKey ? { idempotencyKey } : {}) };
}

async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 5));
}

const catalogRows = async () =>
  (await catalog.forTenant(tenantId).segments.overlapping({ dataset: spans.defaultDataset, fromNs: 0n, toNs: 1n << 62n })).reduce(
    (sum, segment) => sum + segment.rowCount,
    0,
  );
const visible = () => visibleRowCount(root, tenantId, spans.defaultDataset);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A process whose commit of `retry` dies at `point`; resolves once it is "dead" (its lease released). */
async function dieWhileCommitting(retry: IngestRequest, point: DeathPoint): Promise<void> {
  const dying = new DyingWriter({ root });
  dying.dieAt = point;
  void new IngestService({ catalog, store: dying }).ingest(retry);
  // Dead once the catalog transaction committed (and, after publish, once HEAD moved).
  await until(async () => (point === 'before-publish' ? (await catalogRows()) > 0 : (await visible()) > 0));
  await dying.close();
}

/** Ends the "processes" started so far (their segment leases released). */
async function endProcesses(): Promise<void> {
  await Promise.all(writers.splice(0).map((writer) => writer.close()));
}

/** The process that receives the retry: a fresh writer, and a claim lease of `leaseMs`. */
function nextProcess(leaseMs = 60_000): IngestService {
  const store = new HotStoreWriter({ root });
  writers.push(store);
  return new IngestService({ catalog, store }, { claimLeaseMs: leaseMs });
}

describe('exactly once across a crash', () => {
  it('answers a retry as a duplicate when the process died after HEAD moved, before the key was completed', async () => {
    const retry = request(sdkTraceBodies(3, 'after-publish').protobuf, 'k1');
    await dieWhileCommitting(retry, 'after-publish');
    // Within the dead holder's lease: its recorded commit is in HEAD, so the retry is answered at once.
    expect(await nextProcess().ingest(retry)).toEqual({ kind: 'duplicate', acceptedRecords: 3 });
    expect(await visible()).toBe(3);
  });

  it('answers a retry that takes over the stale claim as a duplicate when the commit was published, and completes the key', async () => {
    const retry = request(sdkTraceBodies(3, 'after-publish-stale').protobuf);
    await dieWhileCommitting(retry, 'after-publish');
    await sleep(LEASE_MS * 2);
    const service = nextProcess(LEASE_MS);
    expect(await service.ingest(retry)).toEqual({ kind: 'duplicate', acceptedRecords: 3 });
    await service.drain();
    expect(await visible()).toBe(3);
    expect(await catalogRows()).toBe(3);
    // The key is completed now: the catalog itself answers with the stored response.
    const claim = await catalog
      .forTenant(tenantId)
      .idempotencyKeys.claim({ key: `digest:${requestDigest(retry)}`, digest: requestDigest(retry), ttlMs: 60_000 });
    expect(claim).toEqual({ status: 'duplicate', result: { acceptedRecords: 3 } });
  });

  it('stores the rows again when the process died after the catalog transaction, before HEAD moved', async () => {
    const retry = request(sdkTraceBodies(3, 'before-publish').protobuf, 'k2');
    await dieWhileCommitting(retry, 'before-publish');
    expect(await visible()).toBe(0);
    // Inside the lease the holder might still be alive and about to publish: retry later.
    expect(await nextProcess().ingest(retry)).toMatchObject({ kind: 'retryable', status: 503 });
    await endProcesses();
    await sleep(LEASE_MS * 2);
    const service = nextProcess(LEASE_MS);
    expect(await service.ingest(retry)).toEqual({ kind: 'accepted', acceptedRecords: 3 });
    expect(await service.ingest(retry)).toEqual({ kind: 'duplicate', acceptedRecords: 3 });
    expect(await visible()).toBe(3);
    expect(await catalogRows()).toBe(3);
  });

  it('is not fooled when a later commit reused the manifest version the dead commit had recorded', async () => {
    const retry = request(sdkTraceBodies(3, 'reused').protobuf, 'k3');
    await dieWhileCommitting(retry, 'before-publish');
    // Another request takes the segment's next version, the one the dead commit had recorded.
    const other = nextProcess();
    expect(await other.ingest(request(sdkTraceBodies(2, 'other').protobuf))).toEqual({ kind: 'accepted', acceptedRecords: 2 });
    await other.drain();
    await endProcesses();
    await sleep(LEASE_MS * 2);
    expect(await nextProcess(LEASE_MS).ingest(retry)).toEqual({ kind: 'accepted', acceptedRecords: 3 });
    expect(await visible()).toBe(5);
    expect(await catalogRows()).toBe(5);
  });

  it("stores only the unpublished window's rows when the process died between publishing two segments", async () => {
    // Two spans either side of a 5-minute window boundary: one commit per segment, published in turn.
    const boundaryNs = 1_700_000_100_000_000_000n;
    const span = (id: string, startNs: bigint) => ({
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: id,
      name: `span ${id}`,
      kind: 1,
      startTimeUnixNano: String(startNs),
      endTimeUnixNano: String(startNs + 1000n),
    });
    const body = JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [] },
          scopeSpans: [{ spans: [span('eee19b7ec3c1b170', boundaryNs - 1_000_000n), span('eee19b7ec3c1b171', boundaryNs + 1_000_000n)] }],
        },
      ],
    });
    const retry: IngestRequest = { ...request(new TextEncoder().encode(body), 'k5'), contentType: ContentType.json };
    await dieWhileCommitting(retry, 'between-segments');
    expect(await visible()).toBe(1);
    await sleep(LEASE_MS * 2);
    const service = nextProcess(LEASE_MS);
    expect(await service.ingest(retry)).toEqual({ kind: 'accepted', acceptedRecords: 2 });
    expect(await service.ingest(retry)).toEqual({ kind: 'duplicate', acceptedRecords: 2 });
    await service.drain();
    expect(await visible()).toBe(2);
    expect(await catalogRows()).toBe(2);
  });

  it('stores the rows when the process died inside the catalog transaction (nothing was recorded)', async () => {
    const retry = request(sdkTraceBodies(3, 'in-transaction').protobuf, 'k4');
    const dying = new HotStoreWriter({ root });
    void new IngestService({ catalog: catalogHangingTransactions(catalog, () => true), store: dying }).ingest(retry);
    await sleep(50);
    await dying.close();
    expect(await nextProcess().ingest(retry)).toEqual({ kind: 'accepted', acceptedRecords: 3 });
    expect(await visible()).toBe(3);
  });
});
