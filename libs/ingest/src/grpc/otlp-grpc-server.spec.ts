import { Client, Metadata, compressionAlgorithms, credentials, status as GrpcCode, type ServiceError } from '@grpc/grpc-js';
import type { Catalog } from '@prism/catalog';
import { ApiKeyGateway, createLogger } from '@prism/server';
import { registeredSignals } from '@prism/signal-registry';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestService } from '../core/ingest-service';
import { CachedApiKeyLookup } from '../gateway/cached-api-key-lookup';
import { catalogFailingTransactions, GatedWriter } from '../test-support/failing-stores';
import { memoryCatalog, tempHotStore, tenantWithKey, visibleRowCount, visibleValues } from '../test-support/ingest-fixture';
import { sdkLogBodies, sdkMetricBodies, sdkSpans, sdkTraceBodies } from '../test-support/sdk-payloads';
import { decodeTraceResponse } from '../test-support/wire-messages';
import { RETRY_INFO_TYPE_URL, STATUS_DETAILS_TRAILER } from './grpc-status';
import { startOtlpGrpcServer, type OtlpGrpcServerHandle } from './otlp-grpc-server';

const TRACES = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
const LOGS = '/opentelemetry.proto.collector.logs.v1.LogsService/Export';
const METRICS = '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export';
const LIMIT = 1024 * 1024;

// google.rpc.Status with its details, and RetryInfo (field numbers from googleapis' status.proto and error_details.proto).
const rpc = protobuf.parse(`
  syntax = "proto3";
  message Any { string type_url = 1; bytes value = 2; }
  message Status { int32 code = 1; string message = 2; repeated Any details = 3; }
  message Duration { int64 seconds = 1; int32 nanos = 2; }
  message RetryInfo { Duration retry_delay = 1; }
`).root;

let catalog: Catalog;
let hot: ReturnType<typeof tempHotStore>;
let grpc: OtlpGrpcServerHandle;
let client: Client;
let gzipClient: Client;
let catalogDown = false;
const keys: Record<string, string> = {};

beforeAll(async () => {
  catalog = await memoryCatalog();
  hot = tempHotStore();
  for (const tenant of ['acme', 'beta', 'limited']) keys[tenant] = await tenantWithKey(catalog, tenant);
  const logger = createLogger({ level: 'error', write: () => undefined });
  const service = new IngestService(
    { catalog: catalogFailingTransactions(catalog, () => catalogDown), store: hot.store, logger },
    { limitsFor: (tenantId) => ({ maxBodyBytes: LIMIT, rate: tenantId === 'limited' ? { perSecond: 1, burst: 1 } : { perSecond: 0, burst: 0 } }) },
  );
  const gateway = new ApiKeyGateway(new CachedApiKeyLookup(catalog));
  grpc = await startOtlpGrpcServer({
    service,
    gateway,
    signals: registeredSignals(),
    logger,
    host: '127.0.0.1',
    port: 0,
    maxMessageBytes: 4 * LIMIT,
    shutdownTimeoutMs: 1000,
  });
  client = new Client(grpc.address.target, credentials.createInsecure());
  gzipClient = new Client(grpc.address.target, credentials.createInsecure(), { 'grpc.default_compression_algorithm': compressionAlgorithms.gzip });
});
afterAll(async () => {
  client?.close();
  gzipClient?.close();
  await grpc?.close();
  await hot?.cleanUp();
  await catalog?.close();
});

type CallResult = { ok: true; response: Buffer } | { ok: false; error: ServiceError };

function call(path: string, body: Uint8Array, metadata: Record<string, string>, via: Client = client): Promise<CallResult> {
  const md = new Metadata();
  for (const [name, value] of Object.entries(metadata)) md.set(name, value);
  const raw = (bytes: Buffer) => bytes;
  return new Promise((resolve) => {
    via.makeUnaryRequest(path, raw, raw, Buffer.from(body), md, (error, response) =>
      resolve(error ? { ok: false, error } : { ok: true, response: response ?? Buffer.alloc(0) }),
    );
  });
}

const apiKey = (tenant: string) => ({ 'x-api-key': keys[tenant] });
const bearer = (tenant: string) => ({ authorization: `Bearer ${keys[tenant]}` });

function failure(result: CallResult): ServiceError {
  if (result.ok) throw new Error('expected the call to fail');
  return result.error;
}

function retryDelayMsOf(error: ServiceError): number | undefined {
  const [details] = error.metadata.get(STATUS_DETAILS_TRAILER);
  if (details === undefined) return undefined;
  const status = rpc.lookupType('Status').toObject(rpc.lookupType('Status').decode(details as Buffer), { defaults: true }) as {
    code: number;
    details: Array<{ typeUrl: string; value: Uint8Array }>;
  };
  expect(status.code).toBe(error.code);
  const retryInfo = status.details.find((detail) => detail.typeUrl === RETRY_INFO_TYPE_URL);
  if (retryInfo === undefined) return undefined;
  const decoded = rpc.lookupType('RetryInfo').toObject(rpc.lookupType('RetryInfo').decode(retryInfo.value), { longs: Number, defaults: true }) as {
    retryDelay: { seconds: number; nanos: number };
  };
  return decoded.retryDelay.seconds * 1000 + decoded.retryDelay.nanos / 1_000_000;
}

describe('OTLP/gRPC Export', () => {
  it('stores traces, logs and metrics sent as the SDK serializes them, answering an empty Export…ServiceResponse', async () => {
    const metrics = await sdkMetricBodies();
    const cases = [
      [TRACES, 'spans', sdkTraceBodies(3, 'grpc')],
      [LOGS, 'logs', sdkLogBodies(2)],
      [METRICS, 'metrics', metrics],
    ] as const;
    for (const [path, dataset, bodies] of cases) {
      const before = await visibleRowCount(hot.root, 'acme', dataset);
      const result = await call(path, bodies.protobuf, apiKey('acme'));
      expect(result, path).toEqual({ ok: true, response: Buffer.alloc(0) });
      expect(await visibleRowCount(hot.root, 'acme', dataset), path).toBeGreaterThan(before);
    }
  });

  it('accepts the key as x-api-key and as Authorization: Bearer, and keeps each tenant to its own rows', async () => {
    const acmeBefore = await visibleRowCount(hot.root, 'acme', 'spans');
    const betaBefore = await visibleRowCount(hot.root, 'beta', 'spans');
    expect((await call(TRACES, sdkTraceBodies(2, 'bearer').protobuf, bearer('beta'))).ok).toBe(true);
    expect(await visibleRowCount(hot.root, 'beta', 'spans')).toBe(betaBefore + 2);
    expect(await visibleValues(hot.root, 'beta', 'spans', 'span.attr.label')).toContain('bearer');
    expect(await visibleRowCount(hot.root, 'acme', 'spans')).toBe(acmeBefore);
    expect(await visibleValues(hot.root, 'acme', 'spans', 'span.attr.label')).not.toContain('bearer');
  });

  it('answers UNAUTHENTICATED for a missing, unknown or non-Bearer key, storing nothing', async () => {
    const before = await visibleRowCount(hot.root, 'acme', 'spans');
    for (const metadata of [{}, { 'x-api-key': `prism_${'z'.repeat(43)}` }, { authorization: `Basic ${keys.acme}` }] as Array<Record<string, string>>) {
      const error = failure(await call(TRACES, sdkTraceBodies(1, 'nobody').protobuf, metadata));
      expect(error.code, JSON.stringify(Object.keys(metadata))).toBe(GrpcCode.UNAUTHENTICATED);
    }
    expect(await visibleRowCount(hot.root, 'acme', 'spans')).toBe(before);
  });

  it('answers INVALID_ARGUMENT, without RetryInfo, for bytes that are not an Export request', async () => {
    const error = failure(await call(TRACES, Buffer.from('this is not protobuf \u00ff\u00fe'), apiKey('acme')));
    expect(error.code).toBe(GrpcCode.INVALID_ARGUMENT);
    expect(error.details).not.toBe('');
    expect(retryDelayMsOf(error)).toBeUndefined();
  });

  it('reports rejected spans in partial_success and stores the rest', async () => {
    const before = await visibleRowCount(hot.root, 'acme', 'spans');
    const [valid] = sdkSpans(1, 'grpc-partial');
    const body = ProtobufTraceSerializer.serializeRequest([
      valid,
      { ...valid, spanContext: () => ({ ...valid.spanContext(), traceId: '00000000000000000000000000000000' }) },
    ]) as Uint8Array;
    const result = await call(TRACES, body, apiKey('acme'));
    if (!result.ok) throw result.error;
    expect(decodeTraceResponse(result.response).partialSuccess).toMatchObject({ rejectedSpans: '1', errorMessage: expect.stringContaining('traceId') });
    expect(await visibleRowCount(hot.root, 'acme', 'spans')).toBe(before + 1);
  });

  it('stores a retried identical request once, as OTLP/HTTP does', async () => {
    const before = await visibleRowCount(hot.root, 'acme', 'spans');
    const body = sdkTraceBodies(4, 'retried').protobuf;
    expect((await call(TRACES, body, apiKey('acme'))).ok).toBe(true);
    expect((await call(TRACES, body, bearer('acme'))).ok).toBe(true);
    expect(await visibleRowCount(hot.root, 'acme', 'spans')).toBe(before + 4);
  });

  it('accepts gzip-compressed messages and refuses one that decompresses past the limit with RESOURCE_EXHAUSTED', async () => {
    const before = await visibleRowCount(hot.root, 'acme', 'spans');
    expect((await call(TRACES, sdkTraceBodies(3, 'gzip-grpc').protobuf, apiKey('acme'), gzipClient)).ok).toBe(true);
    expect(await visibleRowCount(hot.root, 'acme', 'spans')).toBe(before + 3);
    expect(await visibleValues(hot.root, 'acme', 'spans', 'span.attr.label')).toContain('gzip-grpc');

    // Zeros compress ~1000:1: small on the wire, over the server's message limit once inflated.
    const bomb = failure(await call(TRACES, Buffer.alloc(8 * LIMIT), apiKey('acme'), gzipClient));
    expect(bomb.code).toBe(GrpcCode.RESOURCE_EXHAUSTED);
    // Within the server's limit but over the tenant's ingest limit: refused by the ingest core's check.
    const tenantLimit = failure(await call(TRACES, Buffer.alloc(2 * LIMIT), apiKey('acme'), gzipClient));
    expect(tenantLimit.code).toBe(GrpcCode.RESOURCE_EXHAUSTED);
    expect(tenantLimit.details).toContain(`exceeds ${LIMIT} bytes`);
    expect(retryDelayMsOf(tenantLimit)).toBeUndefined();
  });

  it('answers RESOURCE_EXHAUSTED with a RetryInfo once a tenant exceeds its rate, without affecting others', async () => {
    expect((await call(LOGS, sdkLogBodies(1).protobuf, apiKey('limited'))).ok).toBe(true);
    const throttled = failure(await call(LOGS, sdkLogBodies(2).protobuf, apiKey('limited')));
    expect(throttled.code).toBe(GrpcCode.RESOURCE_EXHAUSTED);
    expect(retryDelayMsOf(throttled)).toBe(1000);
    expect((await call(LOGS, sdkLogBodies(2).protobuf, apiKey('beta'))).ok).toBe(true);
  });

  it('answers UNAVAILABLE with a RetryInfo while the catalog is down, and stores the retry once it is back', async () => {
    const before = await visibleRowCount(hot.root, 'beta', 'spans');
    const body = sdkTraceBodies(2, 'catalog-down').protobuf;
    catalogDown = true;
    let down: CallResult;
    try {
      down = await call(TRACES, body, apiKey('beta'));
    } finally {
      catalogDown = false;
    }
    const error = failure(down);
    expect(error.code).toBe(GrpcCode.UNAVAILABLE);
    expect(retryDelayMsOf(error)).toBe(1000);
    expect(await visibleRowCount(hot.root, 'beta', 'spans')).toBe(before);
    expect((await call(TRACES, body, apiKey('beta'))).ok).toBe(true);
    expect(await visibleRowCount(hot.root, 'beta', 'spans')).toBe(before + 2);
  });

  it('answers UNIMPLEMENTED for a method it does not serve', async () => {
    const error = failure(await call('/opentelemetry.proto.collector.profiles.v1development.ProfilesService/Export', Buffer.alloc(0), apiKey('acme')));
    expect(error.code).toBe(GrpcCode.UNIMPLEMENTED);
  });
});

describe('OTLP/gRPC shutdown', () => {
  it('lets a call in flight finish and be stored, and takes no new calls', async () => {
    // A tenant of its own: its segments live in this test's hot store only.
    keys.drain = await tenantWithKey(catalog, 'drain');
    const root = mkdtempSync(join(tmpdir(), 'prism-grpc-drain-'));
    const store = new GatedWriter({ root });
    const logger = createLogger({ level: 'error', write: () => undefined });
    const service = new IngestService({ catalog, store, logger });
    const draining = await startOtlpGrpcServer({
      service,
      gateway: new ApiKeyGateway(new CachedApiKeyLookup(catalog)),
      signals: registeredSignals(),
      logger,
      host: '127.0.0.1',
      port: 0,
      maxMessageBytes: LIMIT,
      shutdownTimeoutMs: 30_000,
    });
    const drainClient = new Client(draining.address.target, credentials.createInsecure());
    const lateClient = new Client(draining.address.target, credentials.createInsecure());
    try {
      store.holding = true;
      const inFlight = call(TRACES, sdkTraceBodies(2, 'in-flight').protobuf, apiKey('drain'), drainClient);
      await expect.poll(() => store.prepares).toBeGreaterThan(0);
      const closed = draining.close();
      const late = await call(TRACES, sdkTraceBodies(1, 'too-late').protobuf, apiKey('drain'), lateClient);
      expect(late.ok).toBe(false);
      store.release();
      const finished = await inFlight;
      if (!finished.ok) throw finished.error;
      await closed;
      await service.drain();
      expect(await visibleRowCount(root, 'drain', 'spans')).toBe(2);
    } finally {
      store.release();
      drainClient.close();
      lateClient.close();
      await draining.close();
      await store.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
