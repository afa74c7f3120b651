import { mkdir, rename } from 'node:fs/promises';
import { createScratchDatabase, type ScratchDatabase } from '@prism/catalog/testing';
import { startServer, type ServerHandle } from '@prism/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryService } from '../services/query-service';
import { silentLogger, tempConfig } from '../test-support/runtime-fixture';
import { TcpProxy } from '../test-support/tcp-proxy';
import { serviceRoutes } from './server-mains';

const POSTGRES_URL = process.env['PRISM_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

async function readyz(server: ServerHandle): Promise<{ status: number; body: { status: string; failing?: string[] } }> {
  const response = await fetch(`${server.address.url}/readyz`);
  return { status: response.status, body: (await response.json()) as { status: string; failing?: string[] } };
}

async function serve(env: Record<string, string>) {
  const temp = tempConfig(env);
  // runServerMain creates the directory object store's directory at start; so does this fixture.
  await mkdir(temp.config.objectsDir, { recursive: true });
  const built = serviceRoutes(temp.config, silentLogger, [queryService()]);
  const server = await startServer(temp.config, silentLogger, built.routes);
  const runtime = await built.runtime;
  return {
    temp,
    server,
    runtime,
    close: async () => {
      await server.close();
      await runtime.close();
      temp.cleanUp();
    },
  };
}

describe('/readyz with a directory object store', () => {
  let served: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    served = await serve({});
  });
  afterAll(async () => served?.close());

  it('answers 503 naming the object store while its directory is gone, and 200 once it is back', async () => {
    expect(await readyz(served.server)).toEqual({ status: 200, body: { status: 'ready' } });
    const dir = served.temp.config.objectsDir;
    await rename(dir, `${dir}.away`);
    try {
      expect(await readyz(served.server)).toEqual({ status: 503, body: { status: 'not_ready', failing: ['object-store'] } });
    } finally {
      await rename(`${dir}.away`, dir);
    }
    expect((await readyz(served.server)).status).toBe(200);
  });
});

// PostgreSQL behind a proxy the spec takes down; the catalog lives in a database of its own, dropped afterwards.
describe('/readyz with the catalog on PostgreSQL', () => {
  let database: ScratchDatabase | undefined;
  let proxy: TcpProxy;
  let served: Awaited<ReturnType<typeof serve>>;
  let available = true;

  beforeAll(async () => {
    database = await createScratchDatabase(POSTGRES_URL, 'prism_readyz');
    if (database === undefined) {
      if (process.env['CI'] === 'true') throw new Error(`PostgreSQL is not reachable at ${POSTGRES_URL}`);
      available = false;
      return;
    }
    const target = new URL(database.url);
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.start();
    target.host = `127.0.0.1:${proxy.port}`;
    served = await serve({ PRISM_DATABASE_URL: target.toString(), PRISM_READINESS_TIMEOUT_MS: '300' });
  });
  afterAll(async () => {
    if (!available) return;
    await proxy?.start().catch(() => undefined);
    await served?.close();
    await proxy?.stop();
    await database?.drop();
  });

  it('answers 503 naming the catalog while its port is closed, and 200 once it is back', async (context) => {
    if (!available) context.skip();
    expect(await readyz(served.server)).toEqual({ status: 200, body: { status: 'ready' } });
    await proxy.stop();
    expect(await readyz(served.server)).toEqual({ status: 503, body: { status: 'not_ready', failing: ['catalog'] } });
    await proxy.start();
    expect((await readyz(served.server)).status).toBe(200);
  });

  it('answers 503 naming the catalog when it hangs, without waiting for it', async (context) => {
    if (!available) context.skip();
    proxy.hang();
    try {
      expect(await readyz(served.server)).toEqual({ status: 503, body: { status: 'not_ready', failing: ['catalog'] } });
    } finally {
      await proxy.stop();
      await proxy.start();
    }
    expect((await readyz(served.server)).status).toBe(200);
  });
});
