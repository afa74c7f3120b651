import type { ColumnType } from '@prism/contract';
import type { Kysely, Selectable } from 'kysely';
import { CatalogError, SqlState, UnknownTenantError, sqlStateOf } from '../errors';
import type { CatalogSchema, ParquetFilesTable, ParquetRowGroupsTable } from '../schema';
import type { TenantRunner } from '../tenant-session';
import { countParam, int8Param, toBigInt, toBytes, toCount } from '../values';

/** One Parquet part of a tenant/dataset/hour in the object store. */
export interface ParquetFile {
  objectKey: string;
  dataset: string;
  shardId: number;
  hourStartNs: bigint;
  part: number;
  bytes: number;
  rowCount: number;
  minTimestampNs: bigint;
  maxTimestampNs: bigint;
  formatVersion: number;
  /** The file's columns with their Prism types (`ColumnType`). */
  columns: Array<{ name: string; type: ColumnType }>;
}

/** Stats of one column in one row group (storage's `BlockStats` shape). */
export interface ParquetColumnStats {
  rowCount: number;
  nullCount: number;
  distinctCount: number;
  min?: string;
  max?: string;
  truncated?: boolean;
}

/** One row group: where its column chunks lie, their stats and Bloom filters. */
export interface ParquetRowGroup {
  objectKey: string;
  index: number;
  rowCount: number;
  minTimestampNs: bigint;
  maxTimestampNs: bigint;
  columnChunks: Record<string, { offset: number; length: number }>;
  stats: Record<string, ParquetColumnStats>;
  /** Saved Bloom filters by column (storage's `SavedBloom`), as written. */
  blooms: Record<string, unknown>;
}

/** Everything recorded for one new file, in one statement group. */
export interface ParquetFileRecord {
  file: ParquetFile;
  rowGroups: readonly Omit<ParquetRowGroup, 'objectKey'>[];
  /** Catalog ids of the segments whose rows the file holds. */
  segmentIds: readonly string[];
}

const ROWS_PER_INSERT = 500;
/** Each file holds one hour of rows (`hour_start_ns` is the start of its Hive `hour=HH` partition). */
const HOUR_NS = 3_600_000_000_000n;
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** Records a Parquet file, its row groups and its segments inside an open tenant transaction. */
export async function recordParquetFileIn(trx: Kysely<CatalogSchema>, tenantId: string, record: ParquetFileRecord, now: Date): Promise<void> {
  const { file } = record;
  try {
    await trx
      .insertInto('parquet_files')
      .values({
        object_key: file.objectKey,
        tenant_id: tenantId,
        dataset: file.dataset,
        shard_id: countParam(file.shardId, 'parquetFile.shardId'),
        hour_start_ns: int8Param(file.hourStartNs, 'parquetFile.hourStartNs'),
        part: countParam(file.part, 'parquetFile.part'),
        bytes: int8Param(countParam(file.bytes, 'parquetFile.bytes'), 'parquetFile.bytes'),
        row_count: int8Param(countParam(file.rowCount, 'parquetFile.rowCount'), 'parquetFile.rowCount'),
        min_timestamp_ns: int8Param(file.minTimestampNs, 'parquetFile.minTimestampNs'),
        max_timestamp_ns: int8Param(file.maxTimestampNs, 'parquetFile.maxTimestampNs'),
        format_version: countParam(file.formatVersion, 'parquetFile.formatVersion'),
        columns: JSON.stringify(file.columns),
        created_at: now,
      })
      .execute();
  } catch (error) {
    if (sqlStateOf(error) === SqlState.foreignKeyViolation) throw new UnknownTenantError(tenantId, { cause: error });
    throw error;
  }
  for (let start = 0; start < record.rowGroups.length; start += ROWS_PER_INSERT) {
    const rows = record.rowGroups.slice(start, start + ROWS_PER_INSERT).map((group) => ({
      tenant_id: tenantId,
      object_key: file.objectKey,
      row_group_index: countParam(group.index, 'rowGroup.index'),
      row_count: int8Param(countParam(group.rowCount, 'rowGroup.rowCount'), 'rowGroup.rowCount'),
      min_timestamp_ns: int8Param(group.minTimestampNs, 'rowGroup.minTimestampNs'),
      max_timestamp_ns: int8Param(group.maxTimestampNs, 'rowGroup.maxTimestampNs'),
      column_chunks: JSON.stringify(group.columnChunks),
      stats: JSON.stringify(group.stats),
      bloom_filters: Object.keys(group.blooms).length === 0 ? null : utf8.encode(JSON.stringify(group.blooms)),
    }));
    await trx.insertInto('parquet_row_groups').values(rows).execute();
  }
  if (record.segmentIds.length === 0) return;
  // Foreign-key checks bypass row-level security, so check the segments are this tenant's own.
  const own = await trx
    .selectFrom('segments')
    .select('segment_id')
    .where('tenant_id', '=', tenantId)
    .where('segment_id', 'in', [...record.segmentIds])
    .execute();
  if (own.length !== new Set(record.segmentIds).size) {
    throw new CatalogError(`parquet file "${file.objectKey}" names a segment that is not recorded for this tenant`, tenantId);
  }
  try {
    await trx
      .insertInto('parquet_file_segments')
      .values(record.segmentIds.map((segmentId) => ({ tenant_id: tenantId, object_key: file.objectKey, segment_id: segmentId })))
      .execute();
  } catch (error) {
    if (sqlStateOf(error) === SqlState.foreignKeyViolation) {
      throw new CatalogError(`parquet file "${file.objectKey}" names a segment that is not recorded`, tenantId, { cause: error });
    }
    throw error;
  }
}

/** One tenant's Parquet files and row groups. */
export class ParquetFileRepository {
  constructor(
    private readonly tenantId: string,
    private readonly run: TenantRunner,
    private readonly clock: () => Date,
  ) {}

  /**
   * Records a new file with its row groups and segments. Group it with the segments' move to
   * `parquetized` in one `transaction` so readers switch tiers atomically.
   * @example await tenant.transaction(async (t) => { await t.parquetFiles.record(rec); await t.segments.transition(id, 'parquetized'); })
   */
  async record(record: ParquetFileRecord): Promise<void> {
    await this.run((trx) => recordParquetFileIn(trx, this.tenantId, record, this.clock()));
  }

  /** The next free part number of a tenant/dataset/shard/hour (1 when none exists). */
  async nextPart(dataset: string, shardId: number, hourStartNs: bigint): Promise<number> {
    const row = await this.run((trx) =>
      trx
        .selectFrom('parquet_files')
        .select((eb) => eb.fn.max('part').as('last'))
        .where('tenant_id', '=', this.tenantId)
        .where('dataset', '=', dataset)
        .where('shard_id', '=', shardId)
        .where('hour_start_ns', '=', int8Param(hourStartNs, 'hourStartNs'))
        .executeTakeFirst(),
    );
    return (row?.last ?? 0) + 1;
  }

  /** The files holding any of these segments (catalog ids), each once, oldest part first. */
  async forSegments(segmentIds: readonly string[]): Promise<ParquetFile[]> {
    if (segmentIds.length === 0) return [];
    const rows = await this.run((trx) =>
      trx
        .selectFrom('parquet_files')
        .selectAll()
        .where('tenant_id', '=', this.tenantId)
        .where('object_key', 'in', (eb) =>
          eb
            .selectFrom('parquet_file_segments')
            .select('object_key')
            .where('tenant_id', '=', this.tenantId)
            .where('segment_id', 'in', [...segmentIds]),
        )
        .orderBy('hour_start_ns')
        .orderBy('part')
        .execute(),
    );
    return rows.map(parquetFileOf);
  }

  /** Datasets of this tenant that have Parquet files (a dataset may outlive its segment rows). */
  async datasets(): Promise<string[]> {
    const rows = await this.run((trx) =>
      trx.selectFrom('parquet_files').select('dataset').distinct().where('tenant_id', '=', this.tenantId).orderBy('dataset').execute(),
    );
    return rows.map((row) => row.dataset);
  }

  /**
   * A dataset's files whose whole hour ended before `beforeNs` (retention candidates: no row they
   * hold, nor any late part of that hour, can be newer), oldest hour and part first.
   * @example await tenant.parquetFiles.hourEndedBefore('spans', cutoffNs)
   */
  async hourEndedBefore(dataset: string, beforeNs: bigint, limit = 1000): Promise<ParquetFile[]> {
    const lastHourStart = int8Param(beforeNs - HOUR_NS, 'beforeNs');
    const rows = await this.run((trx) =>
      trx
        .selectFrom('parquet_files')
        .selectAll()
        .where('tenant_id', '=', this.tenantId)
        .where('dataset', '=', dataset)
        .where('hour_start_ns', '<=', lastHourStart)
        .orderBy('hour_start_ns')
        .orderBy('part')
        .orderBy('object_key')
        .limit(countParam(limit, 'limit'))
        .execute(),
    );
    return rows.map(parquetFileOf);
  }

  /**
   * Deletes files with their row groups and segment links, all in one transaction; returns how
   * many files went (missing keys are skipped, so a repeated call is a no-op).
   */
  async remove(objectKeys: readonly string[]): Promise<number> {
    if (objectKeys.length === 0) return 0;
    const keys = [...new Set(objectKeys)];
    return this.run(async (trx) => {
      // Explicit rather than relying on ON DELETE CASCADE alone: the links and row groups are tenant rows too.
      await trx.deleteFrom('parquet_file_segments').where('tenant_id', '=', this.tenantId).where('object_key', 'in', keys).execute();
      await trx.deleteFrom('parquet_row_groups').where('tenant_id', '=', this.tenantId).where('object_key', 'in', keys).execute();
      const result = await trx.deleteFrom('parquet_files').where('tenant_id', '=', this.tenantId).where('object_key', 'in', keys).executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }

  /** Catalog ids of the segments a file holds. */
  async segmentIdsOf(objectKey: string): Promise<string[]> {
    const rows = await this.run((trx) =>
      trx
        .selectFrom('parquet_file_segments')
        .select('segment_id')
        .where('tenant_id', '=', this.tenantId)
        .where('object_key', '=', objectKey)
        .orderBy('segment_id')
        .execute(),
    );
    return rows.map((row) => row.segment_id);
  }

  /** A file's row groups in order. */
  async rowGroups(objectKey: string): Promise<ParquetRowGroup[]> {
    const rows = await this.run((trx) =>
      trx
        .selectFrom('parquet_row_groups')
        .selectAll()
        .where('tenant_id', '=', this.tenantId)
        .where('object_key', '=', objectKey)
        .orderBy('row_group_index')
        .execute(),
    );
    return rows.map(rowGroupOf);
  }
}

function parquetFileOf(row: Selectable<ParquetFilesTable>): ParquetFile {
  return {
    objectKey: row.object_key,
    dataset: row.dataset,
    shardId: row.shard_id,
    hourStartNs: toBigInt(row.hour_start_ns),
    part: row.part,
    bytes: toCount(row.bytes),
    rowCount: toCount(row.row_count),
    minTimestampNs: toBigInt(row.min_timestamp_ns),
    maxTimestampNs: toBigInt(row.max_timestamp_ns),
    formatVersion: row.format_version,
    columns: jsonOf(row.columns) as ParquetFile['columns'],
  };
}

function rowGroupOf(row: Selectable<ParquetRowGroupsTable>): ParquetRowGroup {
  return {
    objectKey: row.object_key,
    index: row.row_group_index,
    rowCount: toCount(row.row_count),
    minTimestampNs: toBigInt(row.min_timestamp_ns),
    maxTimestampNs: toBigInt(row.max_timestamp_ns),
    columnChunks: jsonOf(row.column_chunks) as ParquetRowGroup['columnChunks'],
    stats: jsonOf(row.stats) as ParquetRowGroup['stats'],
    blooms: row.bloom_filters === null ? {} : (JSON.parse(fromUtf8.decode(toBytes(row.bloom_filters))) as Record<string, unknown>),
  };
}

/** jsonb comes back parsed from both drivers; a string means it was stored as a JSON string. */
function jsonOf(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}
