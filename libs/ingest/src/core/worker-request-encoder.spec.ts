import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import type { Catalog } from '@prism/catalog';
import { ContentType, type Signal } from '@prism/contract';
import { signalByName } from '@prism/signal-registry';
import { createLogger } from '@prism/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryCatalog, tempHotStore, visibleValues } from '../test-support/ingest-fixture';
import { bytesOf, sdkTraceBodies } from '../test-support/sdk-payloads';
import { IngestService } from './ingest-service';
import { encodeRequest, type EncodeInput } from './request-encoding';
import { WorkerRequestEncoder } from './worker-request-encoder';

const spans = signalByName('spans') as Signal;
const zipkin = spans.ingest.extraFormats[0];
const workspaceRoot = resolve(import.meta.dirname, '../../../..');
let bundleDir: string;
let bundle: string;
let encoder: WorkerRequestEncoder;

beforeAll(async () => {
  bundleDir = mkdtempSync(join(tmpdir(), 'prism-encode-worker-'));
  bundle = join(bundleDir, 'encode-worker.cjs');
  // Worker threads load plain CommonJS: bundle the entry the way apps are bundled.
  await build({
    absWorkingDir: workspaceRoot,
    entryPoints: [join(import.meta.dirname, '../test-support/encode-worker-entry.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    tsconfig: join(workspaceRoot, 'tsconfig.base.json'),
    external: ['@electric-sql/pglite', 'piscina'],
    logLevel: 'warning',
  });
  encoder = new WorkerRequestEncoder({ filename: bundle, handlerName: 'encodeIngestRequest', threads: 2 });
}, 120_000);

afterAll(async () => {
  await encoder.close();
  rmSync(bundleDir, { recursive: true, force: true });
});

function input(body: Uint8Array, contentType: string = ContentType.protobuf, extra: Partial<EncodeInput> = {}): EncodeInput {
  return {
    signal: spans,
    body,
    contentType,
    context: { tenantId: 'acme', dataset: spans.defaultDataset, ingestTs: 1_700_000_000_000_000_000n },
    encoding: { segmentDurationMs: 300_000, indexing: { dictionary: [], bloom: ['trace_id', 'span_id'] } },
    ...extra,
  };
}

describe('WorkerRequestEncoder', () => {
  it('gives exactly what encoding on the event loop gives, for OTLP protobuf, OTLP JSON and Zipkin', async () => {
    const bodies = sdkTraceBodies(25);
    const zipkinBody = bytesOf(
      JSON.stringify([
        { traceId: 'a'.repeat(32), id: 'b'.repeat(16), name: 'get', timestamp: 1_700_000_000_000_000, duration: 5, localEndpoint: { serviceName: 'web' } },
      ]),
    );
    const inputs = [input(bodies.protobuf), input(bodies.json, ContentType.json), input(zipkinBody, ContentType.json, { format: zipkin })];
    for (const each of inputs) {
      const expected = encodeRequest(each);
      const fromWorker = await encoder.encode(each);
      expect(fromWorker.ok).toBe(true);
      expect(fromWorker).toEqual(expected);
    }
  });

  it('reports a body it cannot decode as a message, like the inline path', async () => {
    const garbage = input(bytesOf('{"resourceSpans": 7}'), ContentType.json);
    const expected = encodeRequest(garbage);
    const fromWorker = await encoder.encode(garbage);
    expect(fromWorker).toEqual(expected);
    expect(fromWorker.ok).toBe(false);
  });

  it('moves a whole body to the worker, and copies one that views part of a larger buffer', async () => {
    const body = sdkTraceBodies(3).protobuf;
    const expected = encodeRequest(input(body));
    const padded = new Uint8Array(body.length + 64);
    padded.set(body, 32);
    const view = padded.subarray(32, 32 + body.length);
    expect(await encoder.encode(input(view))).toEqual(expected);
    expect(view[0]).toBe(body[0]); // the larger buffer stays with the caller
    const whole = new Uint8Array(body);
    expect(await encoder.encode(input(whole))).toEqual(expected);
    expect(whole.byteLength).toBe(0); // moved, not copied
  });
});

describe('IngestService on worker threads', () => {
  const logger = createLogger({ level: 'error', write: () => undefined });
  let catalog: Catalog;

  beforeAll(async () => {
    catalog = await memoryCatalog();
    await catalog.tenants.create({ tenantId: 'acme' });
    await catalog.tenants.create({ tenantId: 'beta' });
  });
  afterAll(() => catalog.close());

  it('stores concurrent requests encoded on two threads, every span readable once acknowledged', async () => {
    const hot = tempHotStore();
    try {
      const service = new IngestService({ catalog, store: hot.store, logger }, { encoder });
      const requests = Array.from({ length: 6 }, (_, index) => sdkTraceBodies(40, `w${index}`).protobuf);
      const outcomes = await Promise.all(
        requests.map((body) => service.ingest({ tenant: { tenantId: 'acme', shardId: 1 }, signal: spans, body, contentType: ContentType.protobuf })),
      );
      expect(outcomes.every((outcome) => outcome.kind === 'accepted')).toBe(true);
      const names = await visibleValues(hot.root, 'acme', spans.defaultDataset, 'span_id');
      expect(new Set(names.map((id) => Buffer.from(id as Uint8Array).toString('hex'))).size).toBe(240);
      await service.drain();
    } finally {
      await hot.cleanUp();
    }
  });

  it('answers 503 when a worker dies mid-request, and the replacement thread serves the retry', async () => {
    const hot = tempHotStore();
    const dying = new WorkerRequestEncoder({ filename: bundle, handlerName: 'encodeOrDie', threads: 1 });
    try {
      const service = new IngestService({ catalog, store: hot.store, logger }, { encoder: dying });
      const tenant = { tenantId: 'beta', shardId: 1 };
      const died = await service.ingest({ tenant, signal: spans, body: bytesOf('{}'), contentType: 'application/x-die' });
      expect(died).toMatchObject({ kind: 'retryable', status: 503 });
      const retried = await service.ingest({ tenant, signal: spans, body: sdkTraceBodies(5, 'retry').protobuf, contentType: ContentType.protobuf });
      expect(retried).toEqual({ kind: 'accepted', acceptedRecords: 5 });
      await service.drain();
    } finally {
      await dying.close();
      await hot.cleanUp();
    }
  });
});
