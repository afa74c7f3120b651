import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The shard map and the tenant registry: each shard gets a region, a weight, a state and its
 * endpoints; each tenant a home region, a residency policy and a migration state and epoch.
 * Existing rows become the one-region world they were: region 'local', weight 1, active, permitted.
 */
export const shardMap: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('shards')
      .addColumn('region', 'text', (c) => c.notNull().defaultTo('local'))
      .addColumn('weight', 'double precision', (c) =>
        c
          .notNull()
          .defaultTo(1)
          .check(sql`weight > 0 and weight < 'Infinity'::float8`),
      )
      .addColumn('state', 'text', (c) =>
        c
          .notNull()
          .defaultTo('active')
          .check(sql`state in ('active', 'draining')`),
      )
      .addColumn('ingest_url', 'text')
      .addColumn('query_url', 'text')
      .addColumn('lambda_qualifier', 'text')
      .execute();

    await db.schema
      .alterTable('tenants')
      .addColumn('home_region', 'text', (c) => c.notNull().defaultTo('local'))
      .addColumn('residency', 'text', (c) =>
        c
          .notNull()
          .defaultTo('permitted')
          .check(sql`residency in ('strict', 'permitted', 'deferred')`),
      )
      .addColumn('migration_state', 'text', (c) =>
        c
          .notNull()
          .defaultTo('stable')
          .check(sql`migration_state in ('stable', 'migrating')`),
      )
      .addColumn('migration_epoch', 'integer', (c) =>
        c
          .notNull()
          .defaultTo(0)
          .check(sql`migration_epoch >= 0`),
      )
      .execute();
  },
};
