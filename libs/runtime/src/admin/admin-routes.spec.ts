import type { Catalog } from '@prism/catalog';
import { openTestCatalog } from '@prism/catalog/testing';
import { startServer, type ServerHandle } from '@prism/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../test-support/runtime-fixture';
import { ADMIN_TENANTS_PATH, adminRoutes, adminTenantKeysPath } from './admin-routes';
import { adminTokenMatches, bearerTokenOf, newAdminToken } from './admin-token';
import { AdminApiError, httpAdminClient } from './http-admin-client';

let catalog: Catalog;
let server: ServerHandle;
const token = newAdminToken();

beforeAll(async () => {
  catalog = await openTestCatalog();
  server = await startServer(
    { host: '127.0.0.1', port: 0, shutdownTimeoutMs: 1000, requestTimeoutMs: 10_000, maxBodyBytes: 1024 * 1024 },
    silentLogger,
    adminRoutes({ catalog, token }),
  );
}, 60_000);
afterAll(async () => {
  await server?.close();
  await catalog?.close();
});

function call(method: 'GET' | 'POST', path: string, options: { authorization?: string; body?: string } = {}) {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...(options.authorization === undefined ? {} : { authorization: options.authorization }),
  };
  return fetch(`${server.address.url}${path}`, { method, headers, ...(options.body === undefined ? {} : { body: options.body }) });
}
const asAdmin = { authorization: `Bearer ${token}` };

describe('admin token', () => {
  it('is random, read from a Bearer header, and compared whole', () => {
    expect(newAdminToken()).not.toBe(token);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(bearerTokenOf(`Bearer ${token}`)).toBe(token);
    expect(bearerTokenOf(`bearer  ${token}`)).toBe(token);
    expect([bearerTokenOf(undefined), bearerTokenOf(token), bearerTokenOf('Basic abc'), bearerTokenOf('Bearer ')]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(adminTokenMatches(token, token)).toBe(true);
    expect(adminTokenMatches(token.slice(0, -1), token)).toBe(false);
    expect(adminTokenMatches(`${token}x`, token)).toBe(false);
    expect(adminTokenMatches(undefined, token)).toBe(false);
  });
});

describe('admin routes', () => {
  it('answer 401 JSON without the token, with another token, or with it in the wrong header', async () => {
    for (const authorization of [undefined, `Bearer ${newAdminToken()}`, token, `Basic ${token}`]) {
      for (const [method, path] of [
        ['GET', ADMIN_TENANTS_PATH],
        ['POST', ADMIN_TENANTS_PATH],
        ['POST', adminTenantKeysPath('acme')],
      ] as const) {
        const reply = await call(method, path, {
          ...(authorization === undefined ? {} : { authorization }),
          body: method === 'POST' ? '{"tenantId":"sneaky"}' : undefined,
        });
        expect(reply.status, `${method} ${path} ${authorization}`).toBe(401);
        expect(await reply.json()).toEqual({ error: { code: 'unauthenticated', message: 'missing or wrong admin token (authorization: Bearer <token>)' } });
      }
    }
    expect(await catalog.tenants.get('sneaky')).toBeUndefined();
  });

  it('create a tenant with a working key, more keys, and list tenants', async () => {
    const created = await call('POST', ADMIN_TENANTS_PATH, { ...asAdmin, body: '{"tenantId":"acme"}' });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const { tenantId, key } = (await created.json()) as { tenantId: string; key: string };
    expect(tenantId).toBe('acme');
    expect(await catalog.apiKeys.resolve(key)).toMatchObject({ tenantId: 'acme' });

    const another = await call('POST', adminTenantKeysPath('acme'), { ...asAdmin, body: '{"label":"collector"}' });
    expect(another.status).toBe(201);
    const second = (await another.json()) as { key: string };
    expect(await catalog.apiKeys.resolve(second.key)).toMatchObject({ tenantId: 'acme' });
    expect((await catalog.apiKeys.list('acme')).map((apiKey) => apiKey.label).sort()).toEqual(['collector', 'created by prism tenant create']);

    const listed = await call('GET', ADMIN_TENANTS_PATH, asAdmin);
    expect(await listed.json()).toEqual({ tenants: [{ tenantId: 'acme', disabled: false }] });
  });

  it('map catalog outcomes to 400, 404 and 409 with the catalog message', async () => {
    await catalog.tenants.create({ tenantId: 'taken' });
    const cases = [
      [ADMIN_TENANTS_PATH, '{"tenantId":"taken"}', 409, 'tenant_exists', 'tenant "taken" already exists'],
      [ADMIN_TENANTS_PATH, '{"tenantId":"Bad Name"}', 400, 'bad_request', expect.stringContaining('tenantId')],
      [ADMIN_TENANTS_PATH, '{}', 400, 'bad_request', 'tenantId: expected a string'],
      [ADMIN_TENANTS_PATH, '[1', 400, 'bad_request', 'the body is not JSON'],
      [adminTenantKeysPath('nobody'), '', 404, 'unknown_tenant', 'unknown tenant "nobody"'],
    ] as const;
    for (const [path, body, status, code, message] of cases) {
      const reply = await call('POST', path, { ...asAdmin, body });
      expect(reply.status, body).toBe(status);
      expect(await reply.json()).toEqual({ error: { code, message } });
    }
  });
});

describe('httpAdminClient', () => {
  it('does the CLI operations through the routes, with their refusals as AdminApiError', async () => {
    const client = httpAdminClient({ url: server.address.url, token, pid: process.pid });
    const created = await client.createTenant('globex');
    expect(await catalog.apiKeys.resolve(created.key)).toMatchObject({ tenantId: 'globex' });
    expect(await catalog.apiKeys.resolve((await client.createKey('globex', 'ci')).key)).toMatchObject({ tenantId: 'globex' });
    expect((await client.listTenants()).map((tenant) => tenant.tenantId)).toContain('globex');
    await expect(client.createTenant('globex')).rejects.toEqual(new AdminApiError(409, 'tenant "globex" already exists'));

    const wrongToken = httpAdminClient({ url: server.address.url, token: 'stale', pid: process.pid });
    await expect(wrongToken.listTenants()).rejects.toMatchObject({ name: 'AdminApiError', status: 401 });
    const gone = httpAdminClient({ url: 'http://127.0.0.1:1', token, pid: process.pid });
    await expect(gone.listTenants()).rejects.toMatchObject({
      status: 0,
      message: expect.stringContaining("could not reach the running server's admin API at http://127.0.0.1:1"),
    });
  });
});

describe('key and tenant management through the admin API (the CLI while the server runs)', () => {
  it('lists keys, revokes one after an overlap and then at once, and disables the tenant, as the catalog does', async () => {
    const admin = httpAdminClient({ url: server.address.url, token, pid: process.pid });
    const created = await admin.createTenant('managed');
    const extra = await admin.createKey('managed', 'second');
    const keys = await admin.listKeys('managed');
    expect(keys.map((key) => key.label).sort()).toEqual(['created by prism tenant create', 'second']);
    expect(JSON.stringify(keys)).not.toContain(created.key.slice(12));
    const first = (await catalog.apiKeys.resolve(created.key))?.keyId ?? '';

    expect(await admin.revokeKey('managed', first, 3_600_000)).toBe(true);
    expect(await catalog.apiKeys.resolve(created.key)).toBeDefined();
    expect((await admin.listKeys('managed')).find((key) => key.keyId === first)?.revokedAt).toMatch(/^\d{4}-/);
    expect(await admin.revokeKey('managed', first, 0)).toBe(true);
    expect(await catalog.apiKeys.resolve(created.key)).toBeUndefined();
    expect(await admin.revokeKey('managed', first, 0)).toBe(false);

    const refused = await call('POST', `${adminTenantKeysPath('managed')}/${first}/revoke`, { ...asAdmin, body: '{"afterMs":-5}' });
    expect(refused.status).toBe(400);

    await admin.disableTenant('managed');
    expect(await catalog.apiKeys.resolve(extra.key)).toBeUndefined();
    await expect(admin.disableTenant('nobody')).rejects.toMatchObject({ status: 404 });
    await expect(admin.listKeys('nobody')).rejects.toBeInstanceOf(AdminApiError);
  });
});

describe('the shard map through the admin API', () => {
  it('adds a shard, places a tenant of its region on it, drains it, and answers bad input with 400/404/409', async () => {
    const admin = httpAdminClient({ url: server.address.url, token, pid: process.pid });
    const added = await admin.addShard({ shardId: 7, region: 'eu-west-1', weight: 2, endpoints: { ingestUrl: 'http://10.0.0.7:4318' } });
    expect(added).toMatchObject({ shardId: 7, region: 'eu-west-1', weight: 2, state: 'active' });
    const placed = await admin.createTenant('placed-eu', { homeRegion: 'eu-west-1', residency: 'strict' });
    expect(placed.shardId).toBe(7);
    expect((await admin.listShards()).find((shard) => shard.shardId === 7)).toMatchObject({ tenants: 1, endpoints: { ingestUrl: 'http://10.0.0.7:4318' } });

    expect(await admin.drainShard(7)).toMatchObject({ shardId: 7, state: 'draining' });
    // The region's only shard drains: a new tenant there is refused before anything is written.
    await expect(admin.createTenant('late-eu', { homeRegion: 'eu-west-1' })).rejects.toMatchObject({ status: 409 });
    expect((await admin.listTenants()).map((tenant) => tenant.tenantId)).not.toContain('late-eu');

    await expect(admin.addShard({ shardId: 7, region: 'eu-west-1' })).rejects.toMatchObject({ status: 409 });
    await expect(admin.drainShard(99)).rejects.toMatchObject({ status: 404 });
    expect((await call('POST', '/admin/v1/shards/not-a-number/drain', asAdmin)).status).toBe(400);
    expect((await call('POST', '/admin/v1/shards', { ...asAdmin, body: '{"shardId": 8, "weight": -1}' })).status).toBe(400);
  });
});
