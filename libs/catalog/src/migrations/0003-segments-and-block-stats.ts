import { sql, type Kysely, type Migration } from 'kysely';
import { isolateByTenant } from './tenant-isolation-policy';

/** Segments (state, time range, size) and per-block column statistics for pruning. */
export const segmentsAndBlockStats: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('segments')
      .addColumn('segment_id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.tenant_id').onDelete('cascade'))
      .addColumn('dataset', 'text', (c) => c.notNull())
      .addColumn('shard_id', 'integer', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('open', 'sealing', 'sealed', 'parquetized')`))
      .addColumn('min_timestamp_ns', 'bigint', (c) => c.notNull())
      .addColumn('max_timestamp_ns', 'bigint', (c) => c.notNull())
      .addColumn('row_count', 'bigint', (c) => c.notNull())
      .addColumn('bytes', 'bigint', (c) => c.notNull())
      .addColumn('manifest_version', 'integer', (c) => c.notNull())
      .addColumn('format_version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
      .addCheckConstraint('segments_time_range', sql`min_timestamp_ns <= max_timestamp_ns`)
      .execute();
    // Time-range pruning: tenant and dataset first, then the range start.
    await db.schema.createIndex('segments_by_time').on('segments').columns(['tenant_id', 'dataset', 'min_timestamp_ns', 'max_timestamp_ns']).execute();
    await db.schema.createIndex('segments_by_state').on('segments').columns(['state', 'updated_at']).execute();
    await isolateByTenant(db, 'segments');

    await db.schema
      .createTable('block_stats')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('segment_id', 'text', (c) => c.notNull().references('segments.segment_id').onDelete('cascade'))
      .addColumn('column_name', 'text', (c) => c.notNull())
      .addColumn('block_index', 'integer', (c) => c.notNull())
      .addColumn('value_type', 'text', (c) => c.notNull())
      .addColumn('min_value', 'text')
      .addColumn('max_value', 'text')
      .addColumn('null_count', 'bigint', (c) => c.notNull())
      .addColumn('distinct_estimate', 'bigint')
      .addColumn('bloom_filter', 'bytea')
      .addPrimaryKeyConstraint('block_stats_pk', ['segment_id', 'column_name', 'block_index'])
      .execute();
    await isolateByTenant(db, 'block_stats');
  },
};
