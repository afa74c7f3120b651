import { sql, type Kysely, type Migration } from 'kysely';
import { isolateByTenant } from './tenant-isolation-policy';

/**
 * Parquet parts (cold tier): one row per file, its row groups with column-chunk byte ranges,
 * stats and a Bloom filter, and which segments each file holds (a segment is read from the cold
 * tier only once its state is `parquetized`, so a file and a leftover hot copy never both count).
 */
export const parquet: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('parquet_files')
      .addColumn('object_key', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.tenant_id').onDelete('cascade'))
      .addColumn('dataset', 'text', (c) => c.notNull())
      .addColumn('shard_id', 'integer', (c) => c.notNull())
      .addColumn('hour_start_ns', 'bigint', (c) => c.notNull())
      .addColumn('part', 'integer', (c) => c.notNull())
      .addColumn('bytes', 'bigint', (c) => c.notNull())
      .addColumn('row_count', 'bigint', (c) => c.notNull())
      .addColumn('min_timestamp_ns', 'bigint', (c) => c.notNull())
      .addColumn('max_timestamp_ns', 'bigint', (c) => c.notNull())
      .addColumn('format_version', 'integer', (c) => c.notNull())
      // [{ name, type }] of the file's schema, so pruning needs no footer read.
      .addColumn('columns', 'jsonb', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addUniqueConstraint('parquet_files_part', ['tenant_id', 'dataset', 'shard_id', 'hour_start_ns', 'part'])
      .addCheckConstraint('parquet_files_time_range', sql`min_timestamp_ns <= max_timestamp_ns`)
      .execute();
    await db.schema
      .createIndex('parquet_files_by_time')
      .on('parquet_files')
      .columns(['tenant_id', 'dataset', 'min_timestamp_ns', 'max_timestamp_ns'])
      .execute();
    await isolateByTenant(db, 'parquet_files');

    await db.schema
      .createTable('parquet_row_groups')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('object_key', 'text', (c) => c.notNull().references('parquet_files.object_key').onDelete('cascade'))
      .addColumn('row_group_index', 'integer', (c) => c.notNull())
      .addColumn('row_count', 'bigint', (c) => c.notNull())
      .addColumn('min_timestamp_ns', 'bigint', (c) => c.notNull())
      .addColumn('max_timestamp_ns', 'bigint', (c) => c.notNull())
      .addColumn('column_chunks', 'jsonb', (c) => c.notNull())
      .addColumn('stats', 'jsonb', (c) => c.notNull())
      .addColumn('bloom_filters', 'bytea')
      .addPrimaryKeyConstraint('parquet_row_groups_pk', ['object_key', 'row_group_index'])
      .execute();
    await isolateByTenant(db, 'parquet_row_groups');

    await db.schema
      .createTable('parquet_file_segments')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('object_key', 'text', (c) => c.notNull().references('parquet_files.object_key').onDelete('cascade'))
      .addColumn('segment_id', 'text', (c) => c.notNull().references('segments.segment_id').onDelete('cascade'))
      .addPrimaryKeyConstraint('parquet_file_segments_pk', ['object_key', 'segment_id'])
      .execute();
    await db.schema.createIndex('parquet_file_segments_by_segment').on('parquet_file_segments').column('segment_id').execute();
    await isolateByTenant(db, 'parquet_file_segments');
  },
};
