import { createLogger, startServer, type ServerHandle } from '@prism/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithKey } from '../admin/tenant-admin';
import type { PrismRuntime } from '../runtime/prism-runtime';
import { serviceRoutes } from '../runtime/server-mains';
import { ingestService } from '../services/ingest-service';
import { queryService } from '../services/query-service';
import { otlpTracesJson, silentLogger, tempConfig } from '../test-support/runtime-fixture';

// A server tracing itself into the tenant "prism-self", with the tenant "acme" as an ordinary client.
let temp: ReturnType<typeof tempConfig>;
let runtime: PrismRuntime;
let server: ServerHandle;
const keys: Record<string, string> = {};

beforeAll(async () => {
  temp = tempConfig({ PRISM_SELF_TRACING_TENANT: 'prism-self' });
  const built = serviceRoutes(temp.config, silentLogger, [ingestService(), queryService()]);
  server = await startServer(temp.config, silentLogger, built.routes, built.observer);
  runtime = await built.runtime;
  for (const tenant of ['prism-self', 'acme']) keys[tenant] = (await createTenantWithKey(runtime.resources.catalog, tenant)).key;
});
afterAll(async () => {
  await server?.close();
  await runtime?.close();
  temp?.cleanUp();
});

const flush = () => (runtime.resources.selfTracer as NonNullable<PrismRuntime['resources']['selfTracer']>).flush();

async function spanCounts(tenant: string): Promise<Record<string, number>> {
  const response = await fetch(`${server.address.url}/api/v1/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': keys[tenant] },
    body: JSON.stringify({ signal: 'spans', groupBy: ['service', 'operation'], aggregates: [{ fn: 'count' }] }),
  });
  expect(response.status).toBe(200);
  const { rows } = (await response.json()) as { rows: Array<{ service: string; operation: string; count: number }> };
  return Object.fromEntries(rows.map((row) => [`${row.service} ${row.operation}`, row.count]));
}

describe('self-tracing (PRISM_SELF_TRACING_TENANT)', () => {
  it("writes one span per HTTP request into the self tenant, which the query API returns; the spans' own ingest makes none", async () => {
    for (let i = 0; i < 3; i++) expect((await fetch(`${server.address.url}/healthz`)).status).toBe(200);
    const now = Date.now();
    const body = otlpTracesJson([{ traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', service: 'shop', name: 'pay', startMs: now }]);
    const sent = await fetch(`${server.address.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': keys['acme'] },
      body,
    });
    expect(sent.status).toBe(200);
    await flush();

    // Query 1 is itself traced, but finishes after the flush: it shows up only after the next one.
    expect(await spanCounts('prism-self')).toEqual({ 'prism GET /healthz': 3, 'prism POST /v1/traces': 1 });
    await flush();
    expect(await spanCounts('prism-self')).toEqual({ 'prism GET /healthz': 3, 'prism POST /v1/traces': 1, 'prism POST /api/v1/query': 1 });

    // Each flush wrote spans through ingest; had that been traced, these counts would keep growing.
    await flush();
    await flush();
    expect(await spanCounts('prism-self')).toEqual({ 'prism GET /healthz': 3, 'prism POST /v1/traces': 1, 'prism POST /api/v1/query': 2 });
  });

  it("keeps Prism's spans out of the other tenants", async () => {
    await flush();
    expect(await spanCounts('acme')).toEqual({ 'shop pay': 1 });
  });
});

describe('self-tracing into a tenant that does not exist', () => {
  it('drops the spans with one warning and never hands them to ingest (no failed-commit errors)', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = createLogger({ level: 'warn', write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    const missing = tempConfig({ PRISM_SELF_TRACING_TENANT: 'nobody' });
    const built = serviceRoutes(missing.config, logger, [ingestService()]);
    const missingServer = await startServer(missing.config, logger, built.routes, built.observer);
    const opened = await built.runtime;
    try {
      for (let i = 0; i < 2; i++) {
        await fetch(`${missingServer.address.url}/healthz`);
        await opened.resources.selfTracer?.flush();
      }
      expect(lines.map((line) => line['msg'])).toEqual(['self-tracing tenant "nobody" does not exist: spans are dropped until it is created']);
    } finally {
      await missingServer.close();
      await opened.close();
      missing.cleanUp();
    }
  });
});
