import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Lifecycle: where a sealed segment's copy lives (`segments.object_prefix`), lifecycle events whose
 * handlers kept failing (`dead_letters`), and retention per tenant and dataset
 * (`retention_policies`). The last two are housekeeping tables read and written by the catalog's
 * own user across tenants, so they carry no row-level security.
 */
export const lifecycle: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('segments').addColumn('object_prefix', 'text').execute();

    await db.schema
      .createTable('dead_letters')
      .addColumn('dead_letter_id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text')
      .addColumn('event_type', 'text', (c) => c.notNull())
      .addColumn('event', 'jsonb', (c) => c.notNull())
      .addColumn('handler', 'text', (c) => c.notNull())
      .addColumn('error', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('replayed_at', 'timestamptz')
      .execute();
    await db.schema.createIndex('dead_letters_by_created').on('dead_letters').columns(['created_at', 'dead_letter_id']).execute();

    await db.schema
      .createTable('retention_policies')
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.tenant_id').onDelete('cascade'))
      // '*' is the tenant's default for datasets without a policy of their own.
      .addColumn('dataset', 'text', (c) => c.notNull())
      .addColumn('days', 'integer', (c) => c.notNull().check(sql`days > 0`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
      .addPrimaryKeyConstraint('retention_policies_pk', ['tenant_id', 'dataset'])
      .execute();
  },
};
