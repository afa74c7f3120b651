import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openCatalog } from './catalog';
import { catalogOptionsFromEnv } from './catalog-options';
import { CatalogError, InvalidCatalogInputError, UnknownTenantError } from './errors';
import { catalogMigrations } from './migrations/migrations';
import { openTestCatalog } from './testing';
import { catalogTargets, describeEachCatalog } from './test-support/catalog-targets';

describeEachCatalog('catalog', ({ catalog, clock }) => {
  it('has run every migration, and running them again changes nothing', async () => {
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = ${catalog().schema} order by table_name`.execute(catalog().db);
    const names = tables.rows.map((row) => row.table_name);
    expect(names).toEqual(
      expect.arrayContaining([
        'api_keys',
        'dead_letters',
        'idempotency_keys',
        'parquet_file_segments',
        'parquet_files',
        'parquet_row_groups',
        'retention_policies',
        'segments',
        'shard_assignments',
        'shards',
        'tenants',
        'trace_hints',
      ]),
    );
    // Created by 0003, dropped by 0009.
    expect(names).not.toContain('block_stats');
    expect(await catalog().migrate()).toEqual([]);
    expect(await catalog().migrate()).toEqual([]);
    const applied = await sql<{ name: string }>`select name from ${sql.table(`${catalog().schema}.kysely_migration`)} order by name`.execute(catalog().db);
    expect(applied.rows.map((row) => row.name)).toEqual(Object.keys(catalogMigrations));
  });

  it('creates, lists and disables tenants', async () => {
    await catalog().tenants.create({ tenantId: 'acme', displayName: 'Acme Corp' });
    await catalog().tenants.create({ tenantId: 'globex' });
    expect((await catalog().tenants.get('acme'))?.displayName).toBe('Acme Corp');
    expect((await catalog().tenants.list()).map((tenant) => tenant.tenantId)).toEqual(['acme', 'globex']);
    await expect(catalog().tenants.create({ tenantId: 'acme' })).rejects.toBeInstanceOf(CatalogError);
    await expect(catalog().tenants.create({ tenantId: '../etc' })).rejects.toBeInstanceOf(InvalidCatalogInputError);
    await catalog().tenants.disable('globex');
    expect((await catalog().tenants.get('globex'))?.disabledAt).toBeInstanceOf(Date);
    await expect(catalog().tenants.disable('nobody')).rejects.toBeInstanceOf(UnknownTenantError);
  });

  it('stores API keys only as hashes, resolves them, and stops resolving revoked keys', async () => {
    await catalog().tenants.create({ tenantId: 'keyed' });
    const { key, apiKey } = await catalog().apiKeys.create('keyed', 'collector');
    expect(key).toMatch(/^prism_/);
    expect(await catalog().apiKeys.resolve(key)).toEqual({ tenantId: 'keyed', keyId: apiKey.keyId });
    expect(await catalog().apiKeys.resolve(`${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
    expect(await catalog().apiKeys.resolve('not a key')).toBeUndefined();

    const stored = await catalog().db.selectFrom('api_keys').selectAll().where('key_id', '=', apiKey.keyId).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(key.slice(6));
    expect(stored.key_hash).toHaveLength(32);

    const listed = await catalog().apiKeys.list('keyed');
    expect(listed.map((k) => [k.label, k.displayPrefix])).toEqual([['collector', key.slice(0, 12)]]);
    expect(await catalog().apiKeys.revoke('keyed', apiKey.keyId)).toBe(true);
    expect(await catalog().apiKeys.revoke('keyed', apiKey.keyId)).toBe(false);
    expect(await catalog().apiKeys.resolve(key)).toBeUndefined();
    expect((await catalog().apiKeys.list('keyed'))[0]?.revokedAt).toBeInstanceOf(Date);
  });

  it('revokes a key after an overlap window for rotation; a scheduled revocation comes forward, never back', async () => {
    await catalog().tenants.create({ tenantId: 'rotating' });
    const old = await catalog().apiKeys.create('rotating', 'old');
    const replacement = await catalog().apiKeys.create('rotating', 'new');
    expect(await catalog().apiKeys.revoke('rotating', old.apiKey.keyId, { afterMs: 3_600_000 })).toBe(true);
    // Both work during the overlap; pushing the revocation back is refused, bringing it forward is not.
    expect(await catalog().apiKeys.resolve(old.key)).toEqual({ tenantId: 'rotating', keyId: old.apiKey.keyId });
    expect(await catalog().apiKeys.revoke('rotating', old.apiKey.keyId, { afterMs: 7_200_000 })).toBe(false);
    expect(await catalog().apiKeys.revoke('rotating', old.apiKey.keyId, { afterMs: 60_000 })).toBe(true);
    clock.advance(59_000);
    expect(await catalog().apiKeys.resolve(old.key)).toBeDefined();
    clock.advance(2_000);
    expect(await catalog().apiKeys.resolve(old.key)).toBeUndefined();
    expect(await catalog().apiKeys.resolve(replacement.key)).toEqual({ tenantId: 'rotating', keyId: replacement.apiKey.keyId });
    expect(await catalog().apiKeys.revoke('rotating', old.apiKey.keyId)).toBe(false);
    await expect(catalog().apiKeys.revoke('rotating', replacement.apiKey.keyId, { afterMs: -1 })).rejects.toBeInstanceOf(InvalidCatalogInputError);
  });

  it('does not resolve keys of a disabled tenant, and refuses keys for unknown tenants', async () => {
    await catalog().tenants.create({ tenantId: 'soon-disabled' });
    const { key } = await catalog().apiKeys.create('soon-disabled', 'k');
    await catalog().tenants.disable('soon-disabled');
    expect(await catalog().apiKeys.resolve(key)).toBeUndefined();
    await expect(catalog().apiKeys.create('ghost', 'k')).rejects.toBeInstanceOf(UnknownTenantError);
  });

  it('registers shards and moves a tenant, keeping the old shard draining until released', async () => {
    await catalog().tenants.create({ tenantId: 'mover' });
    await catalog().shards.register({ shardId: 0, name: 'shard-0' });
    await catalog().shards.register({ shardId: 1, name: 'shard-1' });
    await catalog().shards.register({ shardId: 1, name: 'shard-one' });
    expect((await catalog().shards.listAll()).map((shard) => ({ shardId: shard.shardId, name: shard.name }))).toEqual([
      { shardId: 0, name: 'shard-0' },
      { shardId: 1, name: 'shard-one' },
    ]);
    await catalog().shards.assign('mover', 0);
    await catalog().shards.assign('mover', 1);
    expect((await catalog().shards.assignmentsOf('mover')).map((a) => [a.shardId, a.state])).toEqual([
      [1, 'active'],
      [0, 'draining'],
    ]);
    await expect(catalog().shards.release('mover', 1)).rejects.toBeInstanceOf(CatalogError);
    await catalog().shards.release('mover', 0);
    expect((await catalog().shards.assignmentsOf('mover')).map((a) => a.shardId)).toEqual([1]);
    await expect(catalog().shards.assign('mover', 9)).rejects.toBeInstanceOf(InvalidCatalogInputError);
    await expect(catalog().shards.assign('ghost', 0)).rejects.toBeInstanceOf(UnknownTenantError);
  });
});

describe('catalog on a PGlite data directory', () => {
  it('persists across reopening', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'prism-catalog-'));
    try {
      const dataDir = join(dir, '.prism', 'catalog');
      const first = await openTestCatalog({ dataDir });
      await first.tenants.create({ tenantId: 'durable' });
      await first.close();
      await first.close();
      const second = await openTestCatalog({ dataDir });
      try {
        expect((await second.tenants.get('durable'))?.tenantId).toBe('durable');
        expect(await second.migrate()).toEqual([]);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

const postgres = catalogTargets.find((target) => target.name === 'postgres' && target.available);
describe.skipIf(postgres === undefined)('catalog opened twice at once on one PostgreSQL schema', () => {
  it('migrates once and both handles work', async () => {
    if (postgres === undefined) return;
    const prepared = postgres.prepare();
    try {
      const [first, second] = await Promise.all([openCatalog(prepared.options), openCatalog(prepared.options)]);
      try {
        await first.tenants.create({ tenantId: 'twice' });
        expect((await second.tenants.get('twice'))?.tenantId).toBe('twice');
        await second.forTenant('twice').idempotencyKeys.claim({ key: 'k', digest: 'd', ttlMs: 1000 });
      } finally {
        await Promise.all([first.close(), second.close()]);
      }
    } finally {
      await prepared.cleanUp();
    }
  }, 30_000);
});

describe('catalogOptionsFromEnv', () => {
  it('picks PostgreSQL when PRISM_DATABASE_URL is set, PGlite under .prism/catalog otherwise', () => {
    expect(catalogOptionsFromEnv({ PRISM_DATABASE_URL: 'postgres://db/prism', PRISM_DATABASE_SCHEMA: 'prism' })).toEqual({
      kind: 'postgres',
      connectionString: 'postgres://db/prism',
      schema: 'prism',
    });
    expect(catalogOptionsFromEnv({})).toEqual({ kind: 'pglite', dataDir: '.prism/catalog' });
  });
});
