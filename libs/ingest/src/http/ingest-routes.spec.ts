import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { Catalog } from '@prism/catalog';
import { ApiKeyGateway, createLogger, startServer, type ServerHandle } from '@prism/server';
import { registeredSignals } from '@prism/signal-registry';
import { openSegmentReader } from '@prism/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { segmentAddressOf } from '@prism/catalog';
import { IngestService } from '../core/ingest-service';
import { CachedApiKeyLookup } from '../gateway/cached-api-key-lookup';
import { catalogFailingTransactions } from '../test-support/failing-stores';
import { memoryCatalog, tempHotStore, tenantWithKey, visibleRowCount, visibleValues } from '../test-support/ingest-fixture';
import { SDK_START_MS, bytesOf, sdkLogBodies, sdkMetricBodies, sdkSpans, sdkTraceBodies } from '../test-support/sdk-payloads';
import { decodeStatus, decodeTraceResponse, zipkinJsonBody, zipkinProtoBody, zipkinProtoSpans } from '../test-support/wire-messages';
import { ingestRoutes } from './ingest-routes';

const PROTOBUF = 'application/x-protobuf';
const JSON_TYPE = 'application/json';
const LIMIT = 1024 * 1024;
const vector = (name: string) => readFileSync(join(import.meta.dirname, '../../test-data', name));

let catalog: Catalog;
let hot: ReturnType<typeof tempHotStore>;
let server: ServerHandle;
let catalogDown = false;
const keys: Record<string, string> = {};

beforeAll(async () => {
  catalog = await memoryCatalog();
  hot = tempHotStore();
  for (const tenant of ['acme', 'beta', 'limited', 'fresh']) keys[tenant] = await tenantWithKey(catalog, tenant);
  const logger = createLogger({ level: 'error', write: () => undefined });
  const service = new IngestService(
    { catalog: catalogFailingTransactions(catalog, () => catalogDown), store: hot.store, logger },
    { limitsFor: (tenantId) => ({ maxBodyBytes: LIMIT, rate: tenantId === 'limited' ? { perSecond: 1, burst: 1 } : { perSecond: 0, burst: 0 } }) },
  );
  const routes = ingestRoutes({ service, gateway: new ApiKeyGateway(new CachedApiKeyLookup(catalog)), signals: registeredSignals() });
  server = await startServer({ host: '127.0.0.1', port: 0, shutdownTimeoutMs: 1000, requestTimeoutMs: 10_000, maxBodyBytes: 4 * LIMIT }, logger, routes);
});
afterAll(async () => {
  await server.close();
  await hot.cleanUp();
  await catalog.close();
});

async function post(path: string, body: Uint8Array, headers: Record<string, string>): Promise<{ status: number; headers: Headers; body: Uint8Array }> {
  const response = await fetch(`${server.address.url}${path}`, { method: 'POST', body, headers });
  return { status: response.status, headers: response.headers, body: new Uint8Array(await response.arrayBuffer()) };
}

const as = (tenant: string, contentType: string, extra: Record<string, string> = {}) => ({ 'x-api-key': keys[tenant], 'content-type': contentType, ...extra });
const json = (body: Uint8Array) => JSON.parse(Buffer.from(body).toString('utf8')) as Record<string, unknown>;

describe('OTLP/HTTP endpoints', () => {
  it('accept SDK traces, logs and metrics in protobuf and JSON, answering in the request encoding', async () => {
    const metrics = await sdkMetricBodies();
    const cases = [
      ['/v1/traces', 'spans', sdkTraceBodies(2, 'sdk')],
      ['/v1/logs', 'logs', sdkLogBodies(3)],
      ['/v1/metrics', 'metrics', metrics],
    ] as const;
    for (const [path, dataset, bodies] of cases) {
      const before = await visibleRowCount(hot.root, 'fresh', dataset);
      const binary = await post(path, bodies.protobuf, as('fresh', PROTOBUF));
      expect(binary.status, path).toBe(200);
      expect(binary.headers.get('content-type')).toBe(PROTOBUF);
      expect(binary.body).toEqual(new Uint8Array());
      const text = await post(path, bodies.json, as('fresh', `${JSON_TYPE}; charset=utf-8`));
      expect(text.status, path).toBe(200);
      expect(text.headers.get('content-type')).toBe(JSON_TYPE);
      expect(json(text.body)).toEqual({});
      // The JSON body differs from the protobuf one, so it is stored again, not taken for a retry.
      expect(await visibleRowCount(hot.root, 'fresh', dataset)).toBeGreaterThan(before);
    }
  });

  it('take the key from Authorization: Bearer as the Collector bearertokenauth extension sends it', async () => {
    const before = await visibleRowCount(hot.root, 'beta', 'spans');
    const reply = await post('/v1/traces', sdkTraceBodies(2, 'http-bearer').protobuf, { authorization: `Bearer ${keys.beta}`, 'content-type': PROTOBUF });
    expect(reply.status).toBe(200);
    expect(await visibleRowCount(hot.root, 'beta', 'spans')).toBe(before + 2);
    const basic = await post('/v1/traces', sdkTraceBodies(1, 'http-basic').protobuf, { authorization: `Basic ${keys.beta}`, 'content-type': PROTOBUF });
    expect(basic.status).toBe(401);
  });

  it('accept the published OTLP JSON examples and gzip bodies', async () => {
    for (const [path, file] of [
      ['/v1/traces', 'trace.json'],
      ['/v1/logs', 'logs.json'],
      ['/v1/metrics', 'metrics.json'],
    ] as const) {
      const reply = await post(path, vector(file), as('acme', JSON_TYPE, { 'idempotency-key': `vector-${file}` }));
      expect(reply.status, file).toBe(200);
    }
    const gzipped = await post('/v1/traces', gzipSync(sdkTraceBodies(4, 'gzip').protobuf), as('acme', PROTOBUF, { 'content-encoding': 'gzip' }));
    expect(gzipped.status).toBe(200);
    expect(await visibleValues(hot.root, 'acme', 'spans', 'span.attr.label')).toEqual(expect.arrayContaining(['gzip']));
  });

  it('make rows readable through the storage reader and the catalog as soon as they are acknowledged', async () => {
    const bodies = sdkTraceBodies(3, 'visible');
    expect((await post('/v1/traces', bodies.protobuf, as('acme', PROTOBUF))).status).toBe(200);
    expect((await visibleValues(hot.root, 'acme', 'spans', 'span.attr.label')).filter((label) => label === 'visible')).toHaveLength(3);
    const traceId = Uint8Array.from(Buffer.from(bodies.traceIdHex, 'hex'));
    const segments = await catalog.forTenant('acme').segments.forTrace(traceId);
    expect(segments).toHaveLength(1);
    expect(segments[0]).toMatchObject({ tenantId: 'acme', dataset: 'spans', shardId: 1, state: 'open' });
    const address = segmentAddressOf(segments[0].segmentId);
    expect(address).toMatchObject({ tenantId: 'acme', dataset: 'spans' });
    const reader = await openSegmentReader(hot.root, 'acme', 'spans', address?.segmentId ?? '');
    expect(segments[0].rowCount).toBe(reader.rowCount);
    expect(segments[0].manifestVersion).toBe(reader.version);
  });

  it('answer 401 for a missing or unknown API key, as a Status in the request encoding', async () => {
    const body = sdkTraceBodies(1).protobuf;
    const missing = await post('/v1/traces', body, { 'content-type': JSON_TYPE });
    expect(missing.status).toBe(401);
    expect(json(missing.body)).toEqual({ code: 16, message: 'missing x-api-key header' });
    const unknown = await post('/v1/traces', body, { 'content-type': PROTOBUF, 'x-api-key': 'prism_nope' });
    expect(unknown.status).toBe(401);
    expect(decodeStatus(unknown.body).message).toBe('unknown or revoked API key');
  });

  it('answer 413 for a body over the tenant limit, raw or after decompression (gzip bomb)', async () => {
    const oversized = await post('/v1/traces', new Uint8Array(LIMIT + 1), as('acme', PROTOBUF));
    expect(oversized.status).toBe(413);
    const bomb = gzipSync(new Uint8Array(16 * LIMIT));
    expect(bomb.length).toBeLessThan(LIMIT / 10);
    const exploded = await post('/v1/logs', bomb, as('acme', JSON_TYPE, { 'content-encoding': 'gzip' }));
    expect(exploded.status).toBe(413);
    expect(json(exploded.body).message).toContain('after decompression');
  });

  it('answer 415 for an unsupported content type or encoding', async () => {
    const plain = await post('/v1/traces', bytesOf('hello'), as('acme', 'text/plain'));
    expect(plain.status).toBe(415);
    expect(json(plain.body).message).toContain('application/x-protobuf');
    expect((await post('/v1/traces', bytesOf('{}'), as('acme', JSON_TYPE, { 'content-encoding': 'br' }))).status).toBe(415);
  });

  it('answer 400 with a google.rpc.Status for garbage, in both encodings, and keep serving', async () => {
    const garbage = await post('/v1/traces', Uint8Array.from([0xff, 0xff, 0xff, 0x0f, 0x01]), as('acme', PROTOBUF));
    expect(garbage.status).toBe(400);
    expect(garbage.headers.get('content-type')).toBe(PROTOBUF);
    expect(decodeStatus(garbage.body)).toMatchObject({ code: 3, message: expect.any(String) });
    const badJson = await post('/v1/metrics', bytesOf('{"resourceMetrics": ['), as('acme', JSON_TYPE));
    expect(badJson.status).toBe(400);
    expect(json(badJson.body)).toMatchObject({ code: 3, message: expect.any(String) });
    expect((await post('/v1/logs', gzipSync(bytesOf('x')).subarray(0, 8), as('acme', JSON_TYPE, { 'content-encoding': 'gzip' }))).status).toBe(400);
    expect((await post('/v1/traces', sdkTraceBodies(1, 'after-garbage').protobuf, as('acme', PROTOBUF))).status).toBe(200);
  });

  it('report rejected records in partial_success, in JSON and protobuf', async () => {
    const request = JSON.parse(vector('trace.json').toString()) as { resourceSpans: [{ scopeSpans: [{ spans: Array<Record<string, unknown>> }] }] };
    const spans = request.resourceSpans[0].scopeSpans[0].spans;
    spans.push({ ...spans[0], traceId: 'not-hex', name: 'bad one' });
    const reply = await post('/v1/traces', bytesOf(JSON.stringify(request)), as('acme', JSON_TYPE));
    expect(reply.status).toBe(200);
    const partial = json(reply.body).partialSuccess as { rejectedSpans: string; errorMessage: string };
    expect(partial.rejectedSpans).toBe('1');
    expect(partial.errorMessage).toContain('traceId');

    const binary = await post('/v1/traces', bytesOf(JSON.stringify({ ...request, extra: 1 })), as('beta', JSON_TYPE));
    expect(binary.status).toBe(200);
    const [valid] = sdkSpans(1, 'protobuf-partial');
    const protoRequest = (await import('@opentelemetry/otlp-transformer')).ProtobufTraceSerializer.serializeRequest([
      valid,
      { ...valid, spanContext: () => ({ ...valid.spanContext(), traceId: '00000000000000000000000000000000' }) },
    ]) as Uint8Array;
    const protoReply = await post('/v1/traces', protoRequest, as('beta', PROTOBUF));
    expect(protoReply.status).toBe(200);
    expect(decodeTraceResponse(protoReply.body).partialSuccess).toMatchObject({ rejectedSpans: '1', errorMessage: expect.stringContaining('traceId') });
  });

  it('answer 429 with Retry-After once a tenant exceeds its rate, without affecting others', async () => {
    expect((await post('/v1/logs', sdkLogBodies(1).json, as('limited', JSON_TYPE))).status).toBe(200);
    const throttled = await post('/v1/logs', sdkLogBodies(2).json, as('limited', JSON_TYPE));
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('1');
    expect((await post('/v1/logs', sdkLogBodies(2).json, as('beta', JSON_TYPE))).status).toBe(200);
  });

  it('store a retried request once, by Idempotency-Key and by body digest; a reused key with another body is 422', async () => {
    const before = await visibleRowCount(hot.root, 'beta', 'logs');
    const body = sdkLogBodies(5).protobuf;
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await post('/v1/logs', body, as('beta', PROTOBUF, { 'idempotency-key': 'batch-1' }))).status).toBe(200);
    }
    const digestOnly = sdkLogBodies(7).json;
    expect((await post('/v1/logs', digestOnly, as('beta', JSON_TYPE))).status).toBe(200);
    expect((await post('/v1/logs', digestOnly, as('beta', JSON_TYPE))).status).toBe(200);
    expect(await visibleRowCount(hot.root, 'beta', 'logs')).toBe(before + 5 + 7);
    const reused = await post('/v1/logs', sdkLogBodies(6).protobuf, as('beta', PROTOBUF, { 'idempotency-key': 'batch-1' }));
    expect(reused.status).toBe(422);
    expect(decodeStatus(reused.body).message).toContain('different request body');
  });

  it('roll back when the catalog fails (503 + Retry-After, nothing visible) and store the retry', async () => {
    const before = await visibleRowCount(hot.root, 'beta', 'spans');
    const body = sdkTraceBodies(4, 'rollback').protobuf;
    catalogDown = true;
    let failed;
    try {
      failed = await post('/v1/traces', body, as('beta', PROTOBUF, { 'idempotency-key': 'rollback' }));
    } finally {
      catalogDown = false;
    }
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('1');
    expect(decodeStatus(failed.body).message).toContain('catalog');
    expect(await visibleRowCount(hot.root, 'beta', 'spans')).toBe(before);
    expect((await post('/v1/traces', body, as('beta', PROTOBUF, { 'idempotency-key': 'rollback' }))).status).toBe(200);
    expect(await visibleRowCount(hot.root, 'beta', 'spans')).toBe(before + 4);
  });

  it("keep tenants apart: B's rows land under B only, and B's key and idempotency keys never touch A", async () => {
    const acmeBefore = await visibleRowCount(hot.root, 'acme', 'logs');
    const body = sdkLogBodies(2).protobuf;
    expect((await post('/v1/logs', body, as('acme', PROTOBUF, { 'idempotency-key': 'shared' }))).status).toBe(200);
    const betaBefore = await visibleRowCount(hot.root, 'beta', 'logs');
    // Same key and body from B: a new request for B, not a duplicate of A's.
    expect((await post('/v1/logs', body, as('beta', PROTOBUF, { 'idempotency-key': 'shared' }))).status).toBe(200);
    expect(await visibleRowCount(hot.root, 'beta', 'logs')).toBe(betaBefore + 2);
    expect(await visibleRowCount(hot.root, 'acme', 'logs')).toBe(acmeBefore + 2);
    expect(await visibleValues(hot.root, 'beta', 'logs', 'tenant_id')).toEqual(Array(betaBefore + 2).fill('beta'));
    const betaSegments = await catalog.forTenant('beta').segments.overlapping({ dataset: 'logs', fromNs: 0n, toNs: 2n ** 62n });
    expect(betaSegments.every((segment) => segment.tenantId === 'beta' && segment.segmentId.startsWith('beta/'))).toBe(true);
  });
});

describe('Zipkin v2 endpoint', () => {
  it('accepts spans as JSON and protobuf with 202 and stores them', async () => {
    const before = await visibleRowCount(hot.root, 'beta', 'spans');
    const micros = SDK_START_MS * 1000;
    const jsonReply = await post('/api/v2/spans', zipkinJsonBody(['get /a', 'get /b'], micros), as('beta', JSON_TYPE));
    expect(jsonReply.status).toBe(202);
    const protoReply = await post('/api/v2/spans', zipkinProtoBody(['get /c'], micros + 10), as('beta', PROTOBUF));
    expect(protoReply.status).toBe(202);
    expect(await visibleRowCount(hot.root, 'beta', 'spans')).toBe(before + 3);
    expect(await visibleValues(hot.root, 'beta', 'spans', 'name')).toEqual(expect.arrayContaining(['get /a', 'get /b', 'get /c']));
  });

  it('answers 400 naming the field for spans whose ids are not hex, and stores nothing (issue #17)', async () => {
    const before = await visibleRowCount(hot.root, 'beta', 'spans');
    const body = '[{"traceId":"xyz","id":"NOT-HEX","name":"x","timestamp":1700000000000000,"duration":5,"localEndpoint":{"serviceName":"s"}}]';
    const reply = await post('/api/v2/spans', bytesOf(body), as('beta', JSON_TYPE));
    expect(reply.status).toBe(400);
    expect(json(reply.body)).toEqual({
      error: { code: 'bad_request', message: expect.stringContaining('spans[0].traceId: expected 16 or 32 lower-case hex digits') },
    });
    expect(await visibleRowCount(hot.root, 'beta', 'spans')).toBe(before);
  });

  it('rejects a whole batch with 400 when some spans are bad (Zipkin has no partial success), in JSON and protobuf', async () => {
    const before = await visibleRowCount(hot.root, 'beta', 'spans');
    const micros = SDK_START_MS * 1000 + 500;
    const [valid] = JSON.parse(Buffer.from(zipkinJsonBody(['kept only if all are good'], micros)).toString()) as Array<Record<string, unknown>>;
    const mixed = [valid, { ...valid, id: 'NOT-HEX' }, { ...valid, id: undefined }, { ...valid, timestamp: String(micros) }];
    const reply = await post('/api/v2/spans', bytesOf(JSON.stringify(mixed)), as('beta', JSON_TYPE));
    expect(reply.status).toBe(400);
    const { message } = (json(reply.body) as { error: { message: string } }).error;
    for (const field of ['spans[1].id: expected 16 lower-case hex digits', 'spans[2].id: required', 'spans[3].timestamp: expected epoch microseconds']) {
      expect(message).toContain(field);
    }
    expect(message).not.toContain('spans[0]');

    const goodProto = {
      traceId: Buffer.from('463ac35c9f6413ad48485a3953bb6124', 'hex'),
      id: Buffer.from('a2fb4a1d1a96d3ff', 'hex'),
      name: 'proto',
      timestamp: micros,
    };
    const protoReply = await post('/api/v2/spans', zipkinProtoSpans([goodProto, { ...goodProto, id: Buffer.from('a2fb4a', 'hex') }]), as('beta', PROTOBUF));
    expect(protoReply.status).toBe(400);
    expect(json(protoReply.body)).toEqual({ error: { code: 'bad_request', message: expect.stringContaining('spans[1].id: expected 8 bytes, got 3') } });
    expect(await visibleRowCount(hot.root, 'beta', 'spans')).toBe(before);

    // The good span alone is stored: the rejected requests left no idempotency record behind.
    expect((await post('/api/v2/spans', bytesOf(JSON.stringify([valid])), as('beta', JSON_TYPE))).status).toBe(202);
    expect(await visibleRowCount(hot.root, 'beta', 'spans')).toBe(before + 1);
  });

  it('answers bad Zipkin bodies with 400 and a JSON message', async () => {
    const reply = await post('/api/v2/spans', bytesOf('[{"traceId": 12}'), as('beta', JSON_TYPE));
    expect(reply.status).toBe(400);
    expect(json(reply.body)).toMatchObject({ error: { code: 'bad_request', message: expect.any(String) } });
  });
});

describe('the OpenTelemetry OTLP/protobuf trace exporter', () => {
  it('delivers SDK spans to the server with the API key header', async () => {
    const before = await visibleRowCount(hot.root, 'fresh', 'spans');
    const exporter = new OTLPTraceExporter({ url: `${server.address.url}/v1/traces`, headers: { 'x-api-key': keys.fresh } });
    const result = await new Promise<{ code: ExportResultCode; error?: Error }>((done) => exporter.export(sdkSpans(3, 'exporter'), done));
    await exporter.shutdown();
    expect(result.error).toBeUndefined();
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(await visibleRowCount(hot.root, 'fresh', 'spans')).toBe(before + 3);
  });
});
