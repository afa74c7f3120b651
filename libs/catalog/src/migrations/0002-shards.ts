import { sql, type Kysely, type Migration } from 'kysely';

/** Shards and which shard(s) each tenant lives on; a move keeps the old one as `draining`. */
export const shards: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('shards')
      .addColumn('shard_id', 'integer', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();

    await db.schema
      .createTable('shard_assignments')
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.tenant_id').onDelete('cascade'))
      .addColumn('shard_id', 'integer', (c) => c.notNull().references('shards.shard_id'))
      .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('active', 'draining')`))
      .addColumn('assigned_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('shard_assignments_pk', ['tenant_id', 'shard_id'])
      .execute();
    // At most one active shard per tenant: the gateway routes writes there.
    await db.schema
      .createIndex('shard_assignments_one_active')
      .on('shard_assignments')
      .column('tenant_id')
      .unique()
      .where(sql.ref('state'), '=', 'active')
      .execute();
  },
};
