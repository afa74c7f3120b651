import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA_DIR_LOCK_FILE } from '@prism/catalog';
import { loadConfig, startServer, type PrismConfig, type ServerHandle } from '@prism/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPrismRuntime, type PrismRuntime } from '../runtime/prism-runtime';
import { adminService } from '../services/admin-service';
import { ingestService } from '../services/ingest-service';
import { catalogSeedEnv, otlpTracesJson, silentLogger } from '../test-support/runtime-fixture';
import { runAdminCliMain } from './admin-cli-main';
import { adminHandshakePath, readAdminHandshake } from './admin-handshake';

// Issue #17: `tenant create` beside a running server opened its PGlite catalog, printed a key the
// server answered 401 for, and the tenant was gone after a restart. Here the server holds the
// catalog (in this process: its lock is held by this module) and the CLI must go through it.
const dataDir = mkdtempSync(join(tmpdir(), 'prism-cli-main-'));
const env = { PRISM_DATA_DIR: dataDir, PRISM_HOST: '127.0.0.1', PRISM_PORT: '0', PRISM_OTLP_GRPC_PORT: '0', PRISM_LOG_LEVEL: 'error', ...catalogSeedEnv() };
let config: PrismConfig;
let runtime: PrismRuntime;
let server: ServerHandle;

beforeAll(async () => {
  const loaded = loadConfig(env);
  if (!loaded.ok) throw loaded.error;
  config = loaded.config;
  runtime = await openPrismRuntime(config, silentLogger, [ingestService(), adminService()]);
  server = await startServer(config, silentLogger, runtime.routes);
}, 60_000);
afterAll(async () => {
  await server?.close();
  await runtime?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runAdminCliMain(
    { env, stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } },
    argv,
  );
  return { code, stdout, stderr };
}

const inUse = `the embedded catalog at ${join(dataDir, 'catalog')} is in use by process ${process.pid} (prism server)`;

describe('the CLI beside a server that holds the embedded catalog', () => {
  it('refuses plainly, without opening the catalog, until the server has published its admin API', async () => {
    const listed = await cli('tenant', 'list');
    expect(listed).toEqual({ code: 1, stdout: '', stderr: `prism: ${inUse}; stop it, or use the running server's admin API\n` });
  });

  it('creates tenants and keys through the admin API; the keys work on the server at once', async () => {
    runtime.startBackgroundWork({ url: server.address.url });
    expect(readAdminHandshake(config.catalogDir)).toMatchObject({ url: server.address.url, pid: process.pid });

    const created = await cli('tenant', 'create', 'acme');
    expect(created.code).toBe(0);
    expect(created.stderr).toBe(`prism: the server (process ${process.pid}) has the catalog open; asking it through its admin API at ${server.address.url}\n`);
    const key = /^Created tenant "acme" on shard 1\. API key \(shown only now\):\n(prism_\S+)\n$/.exec(created.stdout)?.[1] ?? '';
    const another = await cli('key', 'create', 'acme', '--label', 'collector');
    expect(another.code).toBe(0);
    const secondKey = another.stdout.trim().split('\n').at(-1) ?? '';

    const now = Date.now();
    for (const apiKey of [key, secondKey]) {
      const ingest = await fetch(`${server.address.url}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
        body: otlpTracesJson([
          {
            traceId: '5b8efff798038103d269b633813fc60c',
            spanId: apiKey === key ? 'eee19b7ec3c1b174' : 'eee19b7ec3c1b175',
            service: 'cli',
            name: 'hello',
            startMs: now,
          },
        ]),
      });
      expect(ingest.status).toBe(200);
    }
    expect(await cli('tenant', 'list')).toMatchObject({ code: 0, stdout: 'acme\n' });
    expect(await cli('tenant', 'create', 'acme')).toMatchObject({ code: 1, stderr: expect.stringContaining('prism: tenant "acme" already exists\n') });
    expect(await cli('key', 'create', 'nobody')).toMatchObject({ code: 1, stderr: expect.stringContaining('prism: unknown tenant "nobody"\n') });
  }, 60_000);

  it('refuses the lifecycle commands with the same message: they need the catalog itself', async () => {
    const sealed = await cli('seal');
    expect(sealed.code).toBe(1);
    expect(sealed.stderr).toContain(inUse);
  });

  it('opens the catalog itself once the server stopped, and finds what it created', async () => {
    await server.close();
    await runtime.close();
    expect(existsSync(adminHandshakePath(config.catalogDir))).toBe(false);
    expect(existsSync(join(config.catalogDir, DATA_DIR_LOCK_FILE))).toBe(false);
    expect(await cli('tenant', 'list')).toEqual({ code: 0, stdout: 'acme\n', stderr: '' });
  }, 60_000);
});
