import { join, resolve } from 'node:path';
import {
  bundleAppTarget,
  httpGet,
  httpPostJson,
  ingestIntoDataDir,
  invokeHealthzHandler,
  listeningUrl,
  spawnNode,
  twoCheckoutPaySpans,
  useTempDir,
  waitUntilReady,
} from '@prism/runtime/testing';
import { beforeAll, describe, expect, it } from 'vitest';

// Bundles the entry points with the esbuild options of project.json, then runs them for real on
// data ingested beforehand (in this process, through the runtime's ingest service) into the same
// data directory.
const appDir = resolve(import.meta.dirname, '..');
const outDir = useTempDir('prism-query-app-');
const dataDir = () => join(outDir(), 'data');
const bundle = (targetName: string) => bundleAppTarget({ appDir, targetName, outDir: outDir() });
let apiKey: string;

beforeAll(async () => {
  const seeded = await ingestIntoDataDir(dataDir(), 'acme', twoCheckoutPaySpans(BigInt(Date.now()) * 1_000_000n));
  expect(seeded.status).toBe(200);
  apiKey = seeded.apiKey;
}, 30_000);

describe('apps/query main bundle', () => {
  it('answers health, a DSL query with the ingested rows, 401 without a key, has no ingest endpoints, and exits 0 on SIGTERM', async () => {
    const server = spawnNode([await bundle('build-main')], { cwd: outDir(), env: { PRISM_PORT: '0', PRISM_OTLP_GRPC_PORT: '0', PRISM_DATA_DIR: dataDir() } });
    const url = await listeningUrl(server);
    expect((await httpGet(`${url}/healthz`)).status).toBe(200);
    await waitUntilReady(url);

    const query = (headers: Record<string, string>) =>
      httpPostJson(`${url}/api/v1/query`, JSON.stringify({ signal: 'spans', groupBy: ['service', 'operation'], aggregates: [{ fn: 'count' }] }), headers);
    const answer = await query({ 'x-api-key': apiKey });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ columns: ['service', 'operation', 'count'], rows: [{ service: 'checkout', operation: 'pay', count: 2 }] });
    expect((await query({})).status).toBe(401);
    const names = await httpGet(`${url}/api/v2/spans?serviceName=checkout`, { 'x-api-key': apiKey });
    expect(await names.json()).toEqual(['pay']);
    const ingest = await httpPostJson(`${url}/v1/traces`, '{}', { 'x-api-key': apiKey });
    expect(ingest.status).toBe(404);

    expect(await server.terminate()).toBe(0);
    expect(server.stderr()).toBe('');
  });
});

describe('apps/query Lambda bundle', () => {
  it('exports a handler that answers /healthz', async () => {
    const lambda = invokeHealthzHandler(await bundle('build-handler'), outDir());
    expect(await lambda.exited).toBe(0);
    expect(JSON.parse(lambda.stderr())).toMatchObject({ statusCode: 200 });
  });
});
