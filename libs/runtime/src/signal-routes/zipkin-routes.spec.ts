import { createLogger, createRouter, HttpError, type RequestContext } from '@prism/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanAllRows, SPAN_ROWS, type ZipkinSpanJson, type ZipkinTraceJson } from '@prism/spans';
import { ZipkinFixture, zipkinRoutes } from './test-support/zipkin-fixture';
import { schemaErrors } from './test-support/zipkin-api-schemas';
import { LEGACY_TRACE, OTLP_TRACE, T0_MS, WIDE_TRACE, ZIPKIN_TRACE, otherTenantRequest, otlpRequest, zipkinSpans } from './test-support/zipkin-sample-data';

let fixture: ZipkinFixture;
/** "Now" for the routes: a minute after the sample data, so the default one-day lookback covers it. */
const NOW_MS = T0_MS + 60_000;
const context: RequestContext = { logger: createLogger({ level: 'error', write: () => undefined }), requestId: 'test' };

beforeAll(async () => {
  fixture = await ZipkinFixture.open();
  await fixture.ingestOtlp('acme', otlpRequest);
  await fixture.ingestZipkin('acme', zipkinSpans);
  await fixture.ingestOtlp('globex', otherTenantRequest);
}, 60_000);

afterAll(async () => {
  await fixture?.close();
});

function router(options: { autocompleteKeys?: string[] } = {}) {
  return createRouter(
    zipkinRoutes({
      engine: fixture.engine(),
      authenticate: (request) => {
        if (request.headers['authorization'] === 'Bearer acme-key') return { tenantId: 'acme' };
        throw new HttpError(401, 'unauthorized', 'missing or unknown API key');
      },
      clock: () => NOW_MS,
      ...options,
    }),
  );
}

/** GET /api/v2<path>; a 200 body is checked against the yaml schema of `schemaPath`. */
async function get(path: string, params: Record<string, string> = {}, options: { schemaPath?: string; autocompleteKeys?: string[] } = {}) {
  const response = await router(options).dispatch(
    { method: 'GET', path: `/api/v2${path}`, query: new URLSearchParams(params), headers: { authorization: 'Bearer acme-key' }, body: new Uint8Array() },
    context,
  );
  const body = JSON.parse(String(response.body)) as unknown;
  if (response.status === 200) expect(schemaErrors(options.schemaPath ?? path, body)).toEqual([]);
  return { status: response.status, body };
}

const traceIds = (traces: unknown) => (traces as ZipkinTraceJson[]).map((trace) => trace[0].traceId);

describe('names', () => {
  it('/services lists local service names of OTLP and Zipkin spans, not another tenant’s', async () => {
    expect(await get('/services')).toEqual({ status: 200, body: ['backend', 'frontend', 'legacy', 'payments', 'search'] });
  });

  it('/services is empty outside the window', async () => {
    expect((await get('/services', { endTs: String(T0_MS - 1), lookback: '1000' })).body).toEqual([]);
  });

  it('/spans lists the span names of a service, the service compared case-insensitively', async () => {
    const expected = ['GET /checkout', 'POST /charge', 'get /', 'get /api'];
    expect((await get('/spans', { serviceName: 'frontend' })).body).toEqual(expected);
    expect((await get('/spans', { serviceName: 'FrontEnd' })).body).toEqual(expected);
    expect((await get('/spans', { serviceName: 'nobody' })).body).toEqual([]);
  });

  it('/remoteServices lists Zipkin remote endpoints and OTLP peer.service values', async () => {
    expect((await get('/remoteServices', { serviceName: 'frontend' })).body).toEqual(['backend', 'payments']);
    expect((await get('/remoteServices', { serviceName: 'payments' })).body).toEqual(['postgres']);
    expect((await get('/remoteServices', { serviceName: 'backend' })).body).toEqual(['frontend']);
  });

  it('/spans and /remoteServices require serviceName', async () => {
    expect(await get('/spans')).toMatchObject({ status: 400, body: { error: { message: 'serviceName is required' } } });
    expect((await get('/remoteServices')).status).toBe(400);
  });
});

describe('/traces', () => {
  it('returns every trace in the window, most recent first, limited', async () => {
    const all = await get('/traces');
    expect(traceIds(all.body)).toEqual([LEGACY_TRACE, WIDE_TRACE, ZIPKIN_TRACE, OTLP_TRACE]);
    expect(traceIds((await get('/traces', { limit: '2' })).body)).toEqual([LEGACY_TRACE, WIDE_TRACE]);
  });

  it('honours endTs and lookback in milliseconds', async () => {
    expect(traceIds((await get('/traces', { endTs: String(T0_MS + 25_000), lookback: '20000' })).body)).toEqual([ZIPKIN_TRACE, OTLP_TRACE]);
    expect(traceIds((await get('/traces', { endTs: String(T0_MS + 25_000), lookback: '10000' })).body)).toEqual([ZIPKIN_TRACE]);
  });

  it('filters by service, remote service and span name (case-insensitive)', async () => {
    expect(traceIds((await get('/traces', { serviceName: 'payments' })).body)).toEqual([OTLP_TRACE]);
    expect(traceIds((await get('/traces', { serviceName: 'frontend' })).body)).toEqual([ZIPKIN_TRACE, OTLP_TRACE]);
    expect(traceIds((await get('/traces', { remoteServiceName: 'postgres' })).body)).toEqual([OTLP_TRACE]);
    expect(traceIds((await get('/traces', { spanName: 'post /CHARGE' })).body)).toEqual([OTLP_TRACE]);
    expect(traceIds((await get('/traces', { serviceName: 'frontend', spanName: 'get /api' })).body)).toEqual([ZIPKIN_TRACE]);
    // Criteria hold within one span: backend has no span called "get /".
    expect((await get('/traces', { serviceName: 'backend', spanName: 'get /' })).body).toEqual([]);
  });

  it('matches annotationQuery terms against one span’s tags and annotations', async () => {
    // The OTLP trace has a GET span and an error span, but not one span with both.
    expect(traceIds((await get('/traces', { annotationQuery: 'http.method=GET and error' })).body)).toEqual([ZIPKIN_TRACE]);
    expect(traceIds((await get('/traces', { annotationQuery: 'error' })).body)).toEqual([ZIPKIN_TRACE, OTLP_TRACE]);
    expect(traceIds((await get('/traces', { annotationQuery: 'wr' })).body)).toEqual([ZIPKIN_TRACE]);
    expect(traceIds((await get('/traces', { annotationQuery: 'cache miss' })).body)).toEqual([OTLP_TRACE]);
    expect(traceIds((await get('/traces', { annotationQuery: 'http.status_code=200' })).body)).toEqual([OTLP_TRACE]);
    expect(traceIds((await get('/traces', { annotationQuery: 'deployment.environment=prod' })).body)).toEqual([OTLP_TRACE]);
    expect((await get('/traces', { annotationQuery: 'http.method=DELETE' })).body).toEqual([]);
  });

  it('filters by duration in microseconds', async () => {
    expect(traceIds((await get('/traces', { minDuration: '40000' })).body)).toEqual([OTLP_TRACE]);
    expect(traceIds((await get('/traces', { minDuration: '9000', maxDuration: '12000' })).body)).toEqual([ZIPKIN_TRACE]);
    expect(traceIds((await get('/traces', { maxDuration: '1000' })).body)).toEqual([LEGACY_TRACE]);
  });

  it('answers 400 for bad parameters', async () => {
    const cases: Array<Record<string, string>> = [
      { limit: '0' },
      { minDuration: 'fast' },
      { minDuration: '10', maxDuration: '5' },
      { endTs: '-1' },
      { annotationQuery: '=x' },
    ];
    for (const params of cases) {
      expect((await get('/traces', params)).status).toBe(400);
    }
  });
});

describe('/trace/{traceId}', () => {
  it('brings a Zipkin trace back exactly as ingested', async () => {
    const response = await get(`/trace/${ZIPKIN_TRACE}`, {}, { schemaPath: '/trace/{traceId}' });
    expect(response).toEqual({ status: 200, body: zipkinSpans.filter((span) => span.traceId === ZIPKIN_TRACE) });
  });

  it('renders OTLP spans with Zipkin kinds, tags, error status and annotations', async () => {
    const { body } = await get(`/trace/${OTLP_TRACE.toUpperCase()}`, {}, { schemaPath: '/trace/{traceId}' });
    const spans = body as ZipkinSpanJson[];
    expect(spans.map((span) => [span.id, span.kind, span.localEndpoint?.serviceName, span.parentId])).toEqual([
      ['1000000000000001', 'SERVER', 'frontend', undefined],
      ['1000000000000002', 'CLIENT', 'frontend', '1000000000000001'],
      ['1000000000000003', 'SERVER', 'payments', '1000000000000002'],
      ['1000000000000004', 'CLIENT', 'payments', '1000000000000003'],
    ]);
    expect(spans[0]).toMatchObject({
      traceId: OTLP_TRACE,
      name: 'GET /checkout',
      timestamp: (T0_MS + 10_000) * 1000,
      duration: 50_000,
      annotations: [{ timestamp: (T0_MS + 10_001) * 1000, value: 'cache miss' }],
      tags: { 'http.method': 'GET', 'http.status_code': '200', 'deployment.environment': 'prod', 'otel.scope.name': 'zipkin-api-tests' },
    });
    expect(spans[1].remoteEndpoint).toEqual({ serviceName: 'payments' });
    expect(spans[2]).toMatchObject({
      tags: { 'otel.status_code': 'ERROR', error: 'card declined' },
      annotations: [{ value: 'retry: {"attempt":2}' }],
    });
    expect(spans.map((span) => span.localEndpoint?.serviceName)).not.toContain('intruder');
  });

  it('matches a 16-digit id against 64-bit ids and the low half of 128-bit ids', async () => {
    const { body } = await get(`/trace/${LEGACY_TRACE}`, {}, { schemaPath: '/trace/{traceId}' });
    expect((body as ZipkinSpanJson[]).map((span) => [span.traceId, span.id])).toEqual([
      [WIDE_TRACE, '3000000000000001'],
      [LEGACY_TRACE, '4000000000000001'],
    ]);
    expect((await get(`/trace/${WIDE_TRACE}`, {}, { schemaPath: '/trace/{traceId}' })).body).toHaveLength(1);
  });

  it('answers 404 for an unknown trace and 400 for a malformed id', async () => {
    expect(await get('/trace/00000000000000ff')).toMatchObject({ status: 404, body: { error: { code: 'trace_not_found' } } });
    for (const id of ['xyz', 'a1b2c3d4e5f6071', 'g1b2c3d4e5f60718', `${OTLP_TRACE}00`]) {
      expect((await get(`/trace/${id}`)).status).toBe(400);
    }
  });
});

describe('/traceMany', () => {
  it('returns the traces found, leaving unknown ids out', async () => {
    const { body } = await get('/traceMany', { traceIds: `${OTLP_TRACE},${ZIPKIN_TRACE},00000000000000ff` });
    expect(traceIds(body).sort()).toEqual([ZIPKIN_TRACE, OTLP_TRACE].sort());
    expect((body as ZipkinTraceJson[]).map((trace) => trace.length).sort()).toEqual([3, 4]);
  });

  it('needs at least two unique, well-formed ids', async () => {
    for (const traceIds of [OTLP_TRACE, `${OTLP_TRACE},${OTLP_TRACE}`, `${ZIPKIN_TRACE},0000000000000000${ZIPKIN_TRACE}`, `${OTLP_TRACE},nothex`, '']) {
      expect((await get('/traceMany', { traceIds })).status).toBe(400);
    }
  });
});

describe('/dependencies', () => {
  it('links parent and child services with call and error counts', async () => {
    const { body } = await get('/dependencies', { endTs: String(NOW_MS), lookback: '120000' });
    expect(body).toEqual([
      { parent: 'frontend', child: 'backend', callCount: 1, errorCount: 1 },
      { parent: 'frontend', child: 'payments', callCount: 1, errorCount: 1 },
      { parent: 'payments', child: 'postgres', callCount: 1, errorCount: 0 },
    ]);
  });

  it('counts only spans in the window', async () => {
    const { body } = await get('/dependencies', { endTs: String(T0_MS + 15_000), lookback: '10000' });
    expect(body).toEqual([
      { parent: 'frontend', child: 'payments', callCount: 1, errorCount: 1 },
      { parent: 'payments', child: 'postgres', callCount: 1, errorCount: 0 },
    ]);
  });

  it('requires endTs', async () => {
    expect(await get('/dependencies')).toMatchObject({ status: 400, body: { error: { message: 'endTs is required' } } });
  });
});

describe('autocomplete', () => {
  it('/autocompleteKeys lists the tag keys present, or the configured keys', async () => {
    const { body } = await get('/autocompleteKeys');
    expect(body).toEqual(expect.arrayContaining(['http.method', 'http.path', 'error', 'peer.service', 'deployment.environment']));
    expect((await get('/autocompleteKeys', {}, { autocompleteKeys: ['http.method', 'deployment.environment'] })).body).toEqual([
      'deployment.environment',
      'http.method',
    ]);
  });

  it('/autocompleteValues lists the distinct values of a tag', async () => {
    expect((await get('/autocompleteValues', { key: 'http.method' })).body).toEqual(['GET', 'POST']);
    expect((await get('/autocompleteValues', { key: 'http.status_code' })).body).toEqual(['200']);
    expect((await get('/autocompleteValues', { key: 'deployment.environment' })).body).toEqual(['prod']);
    expect((await get('/autocompleteValues', { key: 'unknown.key' })).body).toEqual([]);
    expect((await get('/autocompleteValues', { key: 'http.path' }, { autocompleteKeys: ['http.method'] })).body).toEqual([]);
    expect((await get('/autocompleteValues')).status).toBe(400);
  });
});

describe('scanAllRows', () => {
  it('returns every row of a window by halving ranges whose page came back full', async () => {
    const window = { fromNs: BigInt(T0_MS) * 1_000_000n, toNs: BigInt(NOW_MS) * 1_000_000n };
    const plan = { signal: 'spans', filters: SPAN_ROWS, select: ['span_id', 'timestamp'] };
    const all = await scanAllRows(fixture.engine(), plan, window, { tenantId: 'acme' });
    const paged = await scanAllRows(fixture.engine(), plan, window, { tenantId: 'acme' }, 2);
    expect(all).toHaveLength(9);
    const ids = (rows: typeof all) => rows.map((row) => Buffer.from(row['span_id'] as Uint8Array).toString('hex')).sort();
    expect(ids(paged)).toEqual(ids(all));
  });
});

describe('schema validation', () => {
  it('rejects bodies the yaml does not allow, so the checks above can fail', () => {
    expect(schemaErrors('/trace/{traceId}', [{ traceId: 'XYZ', id: '1' }])).not.toEqual([]);
    expect(schemaErrors('/dependencies', [{ parent: 'a', child: 'b' }])).not.toEqual([]);
    expect(schemaErrors('/services', [1])).not.toEqual([]);
  });
});

describe('authentication', () => {
  it('answers 401 without a known key', async () => {
    const response = await router().dispatch(
      { method: 'GET', path: '/api/v2/services', query: new URLSearchParams(), headers: {}, body: new Uint8Array() },
      context,
    );
    expect(response.status).toBe(401);
  });
});
