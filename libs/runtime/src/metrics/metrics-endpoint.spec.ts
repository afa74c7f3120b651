import { startServer, type ServerHandle } from '@prism/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithKey } from '../admin/tenant-admin';
import type { PrismRuntime } from '../runtime/prism-runtime';
import { serviceRoutes } from '../runtime/server-mains';
import { ingestService } from '../services/ingest-service';
import { lifecycleService } from '../services/lifecycle-service';
import { queryService } from '../services/query-service';
import { parsePrometheusText, sampleSum, sampleValue, type Sample } from '../test-support/prometheus-text';
import { otlpTracesJson, silentLogger, tempConfig, type TestSpan } from '../test-support/runtime-fixture';

// The routes every server app serves (health, /metrics, ingest, query, lifecycle timers) behind a real HTTP server on port 0.
let temp: ReturnType<typeof tempConfig>;
let runtime: PrismRuntime;
let server: ServerHandle;
const keys: Record<string, string> = {};
const NOW_MS = Date.now();

beforeAll(async () => {
  // Only the sealer runs, often, so a pass is recorded while the spec runs.
  temp = tempConfig({ PRISM_SEAL_INTERVAL_MS: '50', PRISM_PARQUETIZE_INTERVAL_MS: '0', PRISM_RETENTION_INTERVAL_MS: '0' });
  const built = serviceRoutes(temp.config, silentLogger, [ingestService(), queryService(), lifecycleService()]);
  server = await startServer(temp.config, silentLogger, built.routes, built.metrics?.requests);
  runtime = await built.runtime;
  runtime.startBackgroundWork({ url: server.address.url });
  for (const tenant of ['acme', 'globex']) keys[tenant] = (await createTenantWithKey(runtime.resources.catalog, tenant)).key;
});
afterAll(async () => {
  await server?.close();
  await runtime?.close();
  temp?.cleanUp();
});

const spans = (count: number, traceId: string): TestSpan[] =>
  Array.from({ length: count }, (_, index) => ({
    traceId,
    spanId: (0xeee19b7ec3c1b100n + BigInt(index)).toString(16),
    service: 'checkout',
    name: 'pay',
    startMs: NOW_MS - 60_000 + index,
  }));

function post(path: string, tenant: string, body: string) {
  return fetch(`${server.address.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': keys[tenant] }, body });
}

async function scrape(): Promise<{ text: string; samples: Sample[] }> {
  const response = await fetch(`${server.address.url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  return { text, samples: parsePrometheusText(text) };
}

describe('GET /metrics', () => {
  it('counts ingested rows and bytes by signal, and times the commits and catalog transactions', async () => {
    const before = (await scrape()).samples;
    const bodies = [otlpTracesJson(spans(3, '5b8efff798038103d269b633813fc60c')), otlpTracesJson(spans(2, '0af7651916cd43dd8448eb211c80319c'))];
    expect((await post('/v1/traces', 'acme', bodies[0])).status).toBe(200);
    expect((await post('/v1/traces', 'globex', bodies[1])).status).toBe(200);
    const after = (await scrape()).samples;

    const moved = (name: string, labels: Record<string, string>) => sampleValue(after, name, labels) - sampleValue(before, name, labels);
    expect(moved('prism_ingest_rows_total', { signal: 'spans' })).toBe(5);
    expect(moved('prism_ingest_bytes_total', { signal: 'spans' })).toBe(Buffer.byteLength(bodies[0]) + Buffer.byteLength(bodies[1]));
    expect(moved('prism_ingest_commit_duration_seconds_count', { outcome: 'committed' })).toBe(2);
    expect(moved('prism_catalog_transaction_duration_seconds_count', { outcome: 'committed' })).toBe(2);
    expect(moved('prism_http_requests_total', { method: 'POST', route: '/v1/traces', status: '200' })).toBe(2);
    expect(sampleValue(after, 'prism_ingest_group_commit_waiting')).toBe(0);
    expect(sampleValue(after, 'prism_ingest_encoder_queued')).toBe(0);
  });

  it('labels requests by route template and status, never by raw path or tenant', async () => {
    const before = (await scrape()).samples;
    const traceIds = ['5b8efff798038103d269b633813fc60c', '0af7651916cd43dd8448eb211c80319c', '00000000000000000000000000000abc'];
    for (const traceId of traceIds) await fetch(`${server.address.url}/api/v2/trace/${traceId}`, { headers: { 'x-api-key': keys['acme'] } });
    await fetch(`${server.address.url}/no/such/path`);
    await fetch(`${server.address.url}/api/v1/query`, { method: 'POST', headers: { 'x-api-key': 'prism_not-a-key' }, body: '{}' });
    const { text, samples } = await scrape();

    const moved = (labels: Record<string, string>) =>
      sampleSum(samples, 'prism_http_requests_total', labels) - sampleSum(before, 'prism_http_requests_total', labels);
    expect(moved({ method: 'GET', route: '/api/v2/trace/:traceId' })).toBe(3);
    expect(moved({ method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
    expect(moved({ method: 'POST', route: '/api/v1/query', status: '401' })).toBe(1);
    for (const leaked of [...traceIds, '/no/such/path', 'acme', 'globex', keys['acme']]) expect(text).not.toContain(leaked);
  });

  it('counts queries by signal and outcome and times their stages', async () => {
    const before = (await scrape()).samples;
    const query = (body: unknown) => post('/api/v1/query', 'acme', JSON.stringify(body));
    expect((await query({ signal: 'spans', aggregates: [{ fn: 'count' }] })).status).toBe(200);
    expect((await query({ signal: 'spans', groupBy: ['service'], aggregates: [{ fn: 'count' }] })).status).toBe(200);
    expect((await query({ signal: 'spans', aggregates: [{ fn: 'sum', column: 'no_such_column' }] })).status).toBe(400);
    const after = (await scrape()).samples;

    const moved = (name: string, labels: Record<string, string>) => sampleValue(after, name, labels) - sampleValue(before, name, labels);
    expect(moved('prism_queries_total', { signal: 'spans', outcome: 'ok' })).toBe(2);
    expect(moved('prism_queries_total', { signal: 'spans', outcome: 'failed' })).toBe(1);
    for (const stage of ['plan', 'prune', 'read', 'execute', 'format']) {
      expect(moved('prism_query_stage_duration_seconds_count', { stage })).toBe(2);
    }
  });

  it('records lifecycle passes by pass and outcome', async () => {
    let samples: Sample[] = [];
    // The sealer's timer runs every 50 ms; wait (bounded by the test timeout) for its first finished pass.
    while (sampleValue(samples, 'prism_lifecycle_passes_total', { pass: 'seal', outcome: 'ok' }) === 0) {
      samples = (await scrape()).samples;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(sampleValue(samples, 'prism_lifecycle_pass_duration_seconds_count', { pass: 'seal' })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(samples, 'prism_lifecycle_passes_total', { pass: 'compact', outcome: 'ok' })).toBe(0);
  });

  it('serves the process metrics beside Prism own', async () => {
    const { samples } = await scrape();
    expect(sampleValue(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });
});

describe('PRISM_METRICS_ENABLED=false', () => {
  it('serves no /metrics route and records nothing', async () => {
    const off = tempConfig({ PRISM_METRICS_ENABLED: 'false' });
    const built = serviceRoutes(off.config, silentLogger, [queryService()]);
    const offServer = await startServer(off.config, silentLogger, built.routes, built.metrics?.requests);
    try {
      expect(built.metrics).toBeUndefined();
      expect((await fetch(`${offServer.address.url}/metrics`)).status).toBe(404);
    } finally {
      await offServer.close();
      await (await built.runtime).close();
      off.cleanUp();
    }
  });
});
