import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundleAppTarget, httpGet, httpPostJson, invokeHealthzHandler, listeningUrl, spawnNode, useTempDir, waitUntilReady } from '@prism/runtime/testing';
import { describe, expect, it } from 'vitest';

// Bundles the entry points with the esbuild options of project.json, then runs them for real.
const appDir = resolve(import.meta.dirname, '..');
const outDir = useTempDir('prism-app-');
const bundle = (targetName: string) => bundleAppTarget({ appDir, targetName, outDir: outDir() });
const run = (script: string, env: Record<string, string>, args: string[] = []) => spawnNode([script, ...args], { cwd: outDir(), env });

describe('apps/prism main bundle', () => {
  it('creates the dev tenant on first start, prints its key once, ingests and queries with it, and exits 0 on SIGTERM', async () => {
    const script = await bundle('build-main');
    const env = { PRISM_PORT: '0', PRISM_OTLP_GRPC_PORT: '0', PRISM_DATA_DIR: join(outDir(), 'data') };
    const server = run(script, env);
    const url = await listeningUrl(server);
    const reply = await httpGet(`${url}/healthz`);
    expect(reply.status).toBe(200);
    expect(await reply.json()).toMatchObject({ status: 'ok' });

    await expect.poll(() => server.stderr(), { timeout: 45_000 }).toContain('Send a span:');
    expect(server.stderr()).toContain('Prism created tenant "dev"');
    const key = /\n {2}(prism_\S+)\n/.exec(server.stderr())?.[1] ?? '';
    const curl = /-d '(.+)'\n/.exec(server.stderr())?.[1] ?? '';
    const ingest = await httpPostJson(`${url}/v1/traces`, curl, { 'x-api-key': key });
    expect(ingest.status).toBe(200);
    expect((await httpGet(`${url}/readyz`)).status).toBe(200);
    // Query is served on the same port, with the same key.
    const query = await httpPostJson(
      `${url}/api/v1/query`,
      JSON.stringify({ signal: 'spans', groupBy: ['service', 'operation'], aggregates: [{ fn: 'count' }] }),
      {
        'x-api-key': key,
      },
    );
    expect(await query.json()).toEqual({ columns: ['service', 'operation', 'count'], rows: [{ service: 'curl', operation: 'hello prism', count: 1 }] });
    const spanNames = await httpGet(`${url}/api/v2/spans?serviceName=curl`, { 'x-api-key': key });
    expect(await spanNames.json()).toEqual(['hello prism']);

    expect(await server.terminate()).toBe(0);
    expect(server.jsonLines().map((line) => line.msg)).toEqual(expect.arrayContaining(['signal received', 'shutting down', 'shut down']));

    // Second start on the same data: no new tenant, no banner.
    const again = run(script, env);
    await waitUntilReady(await listeningUrl(again));
    expect(await again.terminate()).toBe(0);
    expect(again.stderr()).toBe('');
  });

  it('exits 1 with a clear message on stderr when a variable is bad', async () => {
    const server = run(await bundle('build-main'), { PRISM_PORT: '99999' });
    expect(await server.exited).toBe(1);
    expect(server.stderr()).toBe('Invalid configuration:\n  - PRISM_PORT is "99999"; expected an integer from 0 to 65535\n');
    expect(server.jsonLines()).toEqual([]);
  });
});

// Issue #17: `tenant create` beside `npm start` opened the server's PGlite catalog, printed a key the
// server answered 401 for, and the tenant was gone after a restart.
describe('apps/prism CLI beside the running server', () => {
  it('creates a tenant through the server, whose key ingests at once, and the tenant survives the server', async () => {
    const [main, cli] = [await bundle('build-main'), await bundle('build-cli')];
    const env = { PRISM_PORT: '0', PRISM_OTLP_GRPC_PORT: '0', PRISM_DATA_DIR: join(outDir(), 'shared-data') };
    const server = run(main, env);
    const url = await listeningUrl(server);
    await expect.poll(() => server.stderr(), { timeout: 45_000 }).toContain('Send a span:');
    const catalogDir = join(env.PRISM_DATA_DIR, 'catalog');
    await expect.poll(() => existsSync(join(catalogDir, 'prism-admin.json')), { timeout: 10_000 }).toBe(true);

    const created = run(cli, env, ['tenant', 'create', 'acme']);
    expect(await created.exited).toBe(0);
    expect(created.stderr()).toContain(`has the catalog open; asking it through its admin API at ${url}`);
    const key = /Created tenant "acme" on shard 1\. API key \(shown only now\):\n(prism_\S+)\n/.exec(created.stdout())?.[1] ?? '';
    const span = {
      traceId: '5b8efff798038103d269b633813fc60d',
      spanId: 'eee19b7ec3c1b176',
      name: 'from acme',
      startTimeUnixNano: String(BigInt(Date.now()) * 1_000_000n),
    };
    const ingest = await httpPostJson(
      `${url}/v1/traces`,
      JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ ...span, endTimeUnixNano: span.startTimeUnixNano }] }] }] }),
      { 'x-api-key': key },
    );
    expect(ingest.status).toBe(200);
    const keyed = run(cli, env, ['key', 'create', 'acme', '--label', 'collector']);
    expect(await keyed.exited).toBe(0);
    const listed = run(cli, env, ['tenant', 'list']);
    expect(await listed.exited).toBe(0);
    expect(listed.stdout()).toBe('acme\ndev\n');

    // The lifecycle commands need the catalog itself: a clear refusal, nothing opened.
    const sealed = run(cli, env, ['seal']);
    expect(await sealed.exited).toBe(1);
    expect(sealed.stderr()).toContain(`is in use by process ${server.child.pid} (prism server); stop it, or use the running server's admin API`);

    expect(await server.terminate()).toBe(0);
    expect(existsSync(join(catalogDir, 'prism-admin.json'))).toBe(false);
    expect(existsSync(join(catalogDir, 'prism.lock'))).toBe(false);
    const afterwards = run(cli, env, ['tenant', 'list']);
    expect(await afterwards.exited).toBe(0);
    expect(afterwards.stdout()).toBe('acme\ndev\n');
  }, 120_000);
});

describe('apps/prism Lambda bundle', () => {
  it('exports a handler that answers /healthz', async () => {
    const lambda = invokeHealthzHandler(await bundle('build-handler'), outDir());
    expect(await lambda.exited).toBe(0);
    const result = JSON.parse(lambda.stderr()) as { statusCode: number; body: string };
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ status: 'ok' });
  });
});

describe('apps/prism CLI bundle', () => {
  it('creates and lists tenants, with usage errors as exit 2', async () => {
    const script = await bundle('build-cli');
    const env = { PRISM_DATA_DIR: join(outDir(), 'cli-data') };
    const created = run(script, env, ['tenant', 'create', 'acme']);
    expect(await created.exited).toBe(0);
    expect(created.stdout()).toMatch(/Created tenant "acme"\. API key \(shown only now\):\nprism_\S+\n/);
    const listed = run(script, env, ['tenant', 'list']);
    expect(await listed.exited).toBe(0);
    expect(listed.stdout()).toBe('acme\n');
    const wrong = run(script, env, ['tenant', 'remove', 'acme']);
    expect(await wrong.exited).toBe(2);
    expect(wrong.stderr()).toContain('unknown command "tenant remove"');
  });
});
