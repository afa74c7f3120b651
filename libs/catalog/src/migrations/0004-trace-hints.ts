import type { Kysely, Migration } from 'kysely';
import { isolateByTenant } from './tenant-isolation-policy';

/** Which segments hold spans of a trace, so a trace lookup opens only those. */
export const traceHints: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('trace_hints')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('trace_id', 'bytea', (c) => c.notNull())
      .addColumn('segment_id', 'text', (c) => c.notNull().references('segments.segment_id').onDelete('cascade'))
      .addPrimaryKeyConstraint('trace_hints_pk', ['tenant_id', 'trace_id', 'segment_id'])
      .execute();
    await db.schema.createIndex('trace_hints_by_segment').on('trace_hints').column('segment_id').execute();
    await isolateByTenant(db, 'trace_hints');
  },
};
