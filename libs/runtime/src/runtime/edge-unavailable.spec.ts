import { randomBytes } from 'node:crypto';
import type { Catalog } from '@prism/catalog';
import { CachedApiKeyLookup } from '@prism/ingest';
import { ApiKeyGateway, createLogger, createRouter, type Router } from '@prism/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestService } from '../services/ingest-service';
import { queryService } from '../services/query-service';
import { otlpTracesJson, silentLogger, tempConfig } from '../test-support/runtime-fixture';
import { closeSharedResources, openSharedResources, type SharedResources } from './shared-resources';

// Ingest and query routes of one runtime, behind a gateway whose catalog can be taken down for key lookups.
let temp: ReturnType<typeof tempConfig>;
let resources: SharedResources;
let router: Router;
let catalogDown = false;

/** The catalog, except that resolving a key fails while `catalogDown` is set. */
function downableCatalog(catalog: Catalog): Catalog {
  const apiKeys = new Proxy(catalog.apiKeys, {
    get: (target, name) =>
      name === 'resolve' && catalogDown ? () => Promise.reject(new Error('connection refused')) : (Reflect.get(target, name, target) as unknown),
  });
  return new Proxy(catalog, { get: (target, name) => (name === 'apiKeys' ? apiKeys : (Reflect.get(target, name, target) as unknown)) });
}

beforeAll(async () => {
  temp = tempConfig();
  resources = await openSharedResources(temp.config, silentLogger);
  const edge = { ...resources, gateway: new ApiKeyGateway(new CachedApiKeyLookup(downableCatalog(resources.catalog))) };
  const services = await Promise.all([ingestService(), queryService()].map((service) => service.start(edge)));
  router = createRouter(services.flatMap((service) => [...service.routes]));
});
afterAll(async () => {
  await closeSharedResources(resources);
  temp?.cleanUp();
});

/** A key shaped like a Prism key that no tenant holds (so the lookup reaches the catalog, past the cache). */
const unissuedKey = () => `prism_${randomBytes(32).toString('base64url')}`;

const NOW_MS = Date.now();
const routes = [
  [
    'OTLP ingest',
    'POST',
    '/v1/traces',
    otlpTracesJson([{ traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', service: 's', name: 'n', startMs: NOW_MS }]),
  ],
  ['Zipkin ingest', 'POST', '/api/v2/spans', '[]'],
  ['DSL query', 'POST', '/api/v1/query', JSON.stringify({ signal: 'spans', aggregates: [{ fn: 'count' }] })],
  ['Zipkin query', 'GET', '/api/v2/services', ''],
] as const;

async function send(method: string, path: string, body: string, key: string) {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({ level: 'warn', write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  const headers = { 'content-type': 'application/json', 'x-api-key': key };
  const response = await router.dispatch(
    { method, path, query: new URLSearchParams(), headers, body: new TextEncoder().encode(body) },
    { logger, requestId: 'test' },
  );
  return { response, lines, body: JSON.parse(String(Buffer.from(response.body ?? ''))) as Record<string, unknown> };
}

describe('the edge on ingest and query routes', () => {
  it.each(routes)(
    '%s: an unknown key answers 401 and logs one warn line with the reason and the key prefix, never the key',
    async (_name, method, path, body) => {
      const key = unissuedKey();
      const { response, lines } = await send(method, path, body, key);
      expect(response.status).toBe(401);
      expect(lines).toEqual([expect.objectContaining({ level: 'warn', msg: 'authentication failed', reason: 'unknown', keyPrefix: key.slice(0, 12) })]);
      expect(JSON.stringify(lines)).not.toContain(key);
    },
  );

  it.each(routes)('%s: a catalog outage during authentication answers 503 with Retry-After 1, not 401', async (_name, method, path, body) => {
    catalogDown = true;
    let sent;
    try {
      sent = await send(method, path, body, unissuedKey());
    } finally {
      catalogDown = false;
    }
    expect(sent.response.status).toBe(503);
    expect(sent.response.headers?.['retry-after']).toBe('1');
    expect(sent.lines).toEqual([expect.objectContaining({ level: 'error', msg: 'API key lookup failed' })]);
  });

  it("answers 401 in each route family's own shape: a google.rpc.Status for OTLP, the JSON error body elsewhere", async () => {
    expect((await send('POST', '/v1/traces', '{}', unissuedKey())).body).toEqual({ code: 16, message: 'unknown or revoked API key' });
    for (const [method, path] of [
      ['POST', '/api/v2/spans'],
      ['POST', '/api/v1/query'],
    ] as const) {
      expect((await send(method, path, '{}', unissuedKey())).body).toEqual({ error: { code: 'unauthenticated', message: 'unknown or revoked API key' } });
    }
  });
});
