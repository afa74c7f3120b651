import { Kysely, Migrator, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../catalog';
import { createPgliteDialect } from '../dialects/pglite/pglite-dialect';
import { createPostgresDialect } from '../dialects/postgres/postgres-dialect';
import type { CatalogSchema } from '../schema';
import { catalogTargets, manualClock } from '../test-support/catalog-targets';
import { segmentUpsert } from '../test-support/segment-fixtures';
import { DEFAULT_TENANT_ROLE, ensureTenantRole } from '../tenant-role';
import { catalogMigrationProvider, catalogMigrations } from './migrations';

// A database that ran migrations up to 0008 (the last release with `block_stats`) must upgrade
// cleanly: the table, its rows and its policy go, and the catalog opens and serves tenants.
for (const target of catalogTargets) {
  describe.skipIf(!target.available)(`migration 0009-drop-block-stats on a catalog at 0008 [${target.name}]`, () => {
    it('drops block_stats with its rows and policy; the tenant role is granted again without it', async () => {
      const { options, cleanUp } = target.prepare();
      const dialect = options.kind === 'pglite' ? await createPgliteDialect(options) : createPostgresDialect(options);
      const db = new Kysely<CatalogSchema>({ dialect: dialect.dialect });
      const role = options.tenantRole ?? DEFAULT_TENANT_ROLE;
      const catalog = new Catalog(dialect.kind, db, dialect.schema, role, manualClock().now);
      try {
        if (dialect.schema !== 'public') await sql`create schema ${sql.id(dialect.schema)}`.execute(db);
        const migrator = new Migrator({ db, provider: catalogMigrationProvider, migrationTableSchema: dialect.schema });
        expect((await migrator.migrateTo('0008-lean-trace-hints')).error).toBeUndefined();
        // What an open at 0008 left: the role granted on block_stats too, and a row in it.
        await ensureTenantRole(db as Kysely<unknown>, role, dialect.schema);
        await sql`grant select, insert, update, delete on ${sql.table('block_stats')} to ${sql.id(role)}`.execute(db);
        // Written as the 0008-era catalog did: the tenant columns of 0010 do not exist yet.
        await sql`insert into tenants (tenant_id, display_name) values ('acme', 'acme')`.execute(db);
        await catalog.forTenant('acme').segments.upsert(segmentUpsert('acme-seg'));
        await sql`insert into block_stats (tenant_id, segment_id, column_name, block_index, value_type, null_count)
          values ('acme', 'acme-seg', 'name', 0, 'string', 0)`.execute(db);

        // 0009 and every migration after it, in order.
        expect(await catalog.migrate()).toEqual(Object.keys(catalogMigrations).filter((name) => name > '0008-lean-trace-hints'));

        const tables = await sql<{ table_name: string }>`
          select table_name from information_schema.tables where table_schema = ${dialect.schema}`.execute(db);
        expect(tables.rows.map((row) => row.table_name)).not.toContain('block_stats');
        const policies = await sql<{ tablename: string }>`
          select tablename from pg_policies where schemaname = ${dialect.schema} and tablename = 'block_stats'`.execute(db);
        expect(policies.rows).toEqual([]);
        // 0010 gives the tenant written before it the one-region defaults.
        expect(await catalog.tenants.get('acme')).toMatchObject({ homeRegion: 'local', residency: 'permitted', migrationState: 'stable', migrationEpoch: 0 });
        const acme = catalog.forTenant('acme');
        expect((await acme.segments.get('acme-seg'))?.segmentId).toBe('acme-seg');
        expect(await acme.segments.remove(['acme-seg'])).toBe(1);
        expect(await catalog.migrate()).toEqual([]);
      } finally {
        await catalog.close();
        await cleanUp();
      }
    }, 30_000);
  });
}
