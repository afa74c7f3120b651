import { registeredSignals } from '@prism/signal-registry';
import { startServer, type ServerHandle } from '@prism/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithKey } from '../admin/tenant-admin';
import { ingestService } from '../services/ingest-service';
import { queryService } from '../services/query-service';
import { otlpTracesJson, silentLogger, tempConfig, zipkinSpansJson, type TestSpan } from '../test-support/runtime-fixture';
import { openPrismRuntime, type PrismRuntime } from './prism-runtime';
import { shapesOf, type PrismService } from './prism-service';

// One all-in-one runtime (temp-dir PGlite, temp hot store) behind a real HTTP server on port 0.
let temp: ReturnType<typeof tempConfig>;
let runtime: PrismRuntime;
let server: ServerHandle;
const keys: Record<string, string> = {};
const NOW_MS = Date.now();

beforeAll(async () => {
  temp = tempConfig();
  runtime = await openPrismRuntime(temp.config, silentLogger, [ingestService(), queryService()]);
  server = await startServer(temp.config, silentLogger, runtime.routes);
  for (const tenant of ['acme', 'globex']) keys[tenant] = (await createTenantWithKey(runtime.resources.catalog, tenant)).key;
});
afterAll(async () => {
  await server?.close();
  await runtime?.close();
  temp?.cleanUp();
});

const ACME_TRACE = '5b8efff798038103d269b633813fc60c';
const acmeSpans: TestSpan[] = [
  { traceId: ACME_TRACE, spanId: 'eee19b7ec3c1b174', service: 'checkout', name: 'pay', startMs: NOW_MS - 60_000 },
  { traceId: ACME_TRACE, spanId: 'eee19b7ec3c1b175', service: 'checkout', name: 'ship', startMs: NOW_MS - 59_000 },
];
const globexSpans: TestSpan[] = [
  { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', service: 'billing', name: 'invoice', startMs: NOW_MS - 30_000 },
];

function request(method: 'GET' | 'POST', path: string, options: { tenant?: string; key?: string; body?: string } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const key = options.key ?? (options.tenant === undefined ? undefined : keys[options.tenant]);
  if (key !== undefined) headers['x-api-key'] = key;
  return fetch(`${server.address.url}${path}`, { method, headers, body: options.body });
}

async function query(tenant: string, body: unknown): Promise<{ status: number; json: { columns: string[]; rows: Array<Record<string, unknown>> } }> {
  const response = await request('POST', '/api/v1/query', { tenant, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as { columns: string[]; rows: Array<Record<string, unknown>> } };
}

const countByOperation = { signal: 'spans', groupBy: ['service', 'operation'], aggregates: [{ fn: 'count' }] };

describe('all-in-one runtime over HTTP', () => {
  it('answers a DSL query with the spans just ingested through OTLP and Zipkin', async () => {
    expect((await request('POST', '/v1/traces', { tenant: 'acme', body: otlpTracesJson(acmeSpans) })).status).toBe(200);
    const zipkin = { traceId: ACME_TRACE, spanId: 'eee19b7ec3c1b176', service: 'checkout', name: 'ship', startMs: NOW_MS - 58_000 };
    expect((await request('POST', '/api/v2/spans', { tenant: 'acme', body: zipkinSpansJson([zipkin]) })).status).toBe(202);

    const answer = await query('acme', countByOperation);
    expect(answer.status).toBe(200);
    expect(answer.json.rows).toEqual([
      { service: 'checkout', operation: 'pay', count: 1 },
      { service: 'checkout', operation: 'ship', count: 2 },
    ]);
  });

  it('serves POST (ingest) and GET (span names) on /api/v2/spans, and the Zipkin query API', async () => {
    const names = await request('GET', '/api/v2/spans?serviceName=checkout', { tenant: 'acme' });
    expect(names.status).toBe(200);
    expect(await names.json()).toEqual(['pay', 'ship']);
    const services = await request('GET', '/api/v2/services', { tenant: 'acme' });
    expect(await services.json()).toEqual(['checkout']);
    const trace = await request('GET', `/api/v2/trace/${ACME_TRACE}`, { tenant: 'acme' });
    expect(((await trace.json()) as unknown[]).length).toBe(3);
  });

  it('answers 401 JSON on the query APIs without a key or with an unknown one', async () => {
    const missing = await request('POST', '/api/v1/query', { body: JSON.stringify(countByOperation) });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: { code: 'unauthenticated', message: 'missing x-api-key header' } });
    const unknown = await request('POST', '/api/v1/query', { key: 'prism_not_a_key', body: JSON.stringify(countByOperation) });
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toEqual({ error: { code: 'unauthenticated', message: 'unknown or revoked API key' } });
    expect((await request('GET', '/api/v2/services')).status).toBe(401);
  });

  it("never shows a tenant another tenant's data", async () => {
    expect((await request('POST', '/v1/traces', { tenant: 'globex', body: otlpTracesJson(globexSpans) })).status).toBe(200);
    expect((await query('globex', countByOperation)).json.rows).toEqual([{ service: 'billing', operation: 'invoice', count: 1 }]);
    // Pinned to acme's trace id (the catalog's trace-hint path) and to acme's service name.
    const byTrace = await query('globex', { signal: 'spans', filters: [{ column: 'traceId', op: 'eq', value: ACME_TRACE }] });
    expect(byTrace).toMatchObject({ status: 200, json: { rows: [] } });
    expect((await query('globex', { ...countByOperation, filters: [{ column: 'service', op: 'eq', value: 'checkout' }] })).json.rows).toEqual([]);
    expect((await request('GET', `/api/v2/trace/${ACME_TRACE}`, { tenant: 'globex' })).status).toBe(404);
    expect(await (await request('GET', '/api/v2/services', { tenant: 'globex' })).json()).toEqual(['billing']);
    expect((await query('acme', countByOperation)).json.rows.map((row) => row.service)).toEqual(['checkout', 'checkout']);
  });

  it('declares, before opening, exactly the routes its services start', () => {
    const declared = [ingestService(), queryService()].flatMap((service) => service.routeShapes(registeredSignals()));
    expect(declared).toEqual(shapesOf(runtime.routes));
    expect(declared).toEqual(
      expect.arrayContaining([
        { method: 'POST', path: '/api/v2/spans' },
        { method: 'GET', path: '/api/v2/spans' },
      ]),
    );
  });
});

describe('openPrismRuntime', () => {
  it('refuses a service listed twice before opening anything', async () => {
    await expect(openPrismRuntime(temp.config, silentLogger, [queryService(), queryService()])).rejects.toThrow('service "query" is listed twice');
  });

  it('closes started services and the shared resources when a later service fails to start', async () => {
    const other = tempConfig();
    const closed: string[] = [];
    const recording: PrismService = {
      name: 'recording',
      routeShapes: () => [],
      start: () => ({ routes: [], close: async () => void closed.push('recording') }),
    };
    let catalogOfFailedRun: PrismRuntime['resources']['catalog'] | undefined;
    const failing: PrismService = {
      name: 'failing',
      routeShapes: () => [],
      start: (resources) => {
        catalogOfFailedRun = resources.catalog;
        throw new Error('timer setup failed');
      },
    };
    try {
      await expect(openPrismRuntime(other.config, silentLogger, [recording, failing])).rejects.toThrow('timer setup failed');
      expect(closed).toEqual(['recording']);
      await expect(catalogOfFailedRun?.tenants.list()).rejects.toThrow();
    } finally {
      other.cleanUp();
    }
  });
});
