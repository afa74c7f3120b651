import type { ColumnType, Selectable } from 'kysely';

/** `int8` columns: read as string (`pg`) or bigint (PGlite), written as decimal text. */
type Int8 = ColumnType<string | bigint, string, string>;
/** `bytea` columns: Buffer from `pg` (a Uint8Array subclass), Uint8Array from PGlite. */
type Bytea = Uint8Array;
/** `jsonb` written as JSON text (cast in SQL) so `pg` never turns an array into a Postgres array. */
type Jsonb = ColumnType<unknown, string, string>;

/** The lifecycle of a segment, in order. */
export type SegmentState = 'open' | 'sealing' | 'sealed' | 'parquetized';

/** Whether a shard assignment is the tenant's current home or one being drained during a move. */
export type ShardAssignmentState = 'active' | 'draining';

/** Whether a shard takes new tenants (`active`) or only keeps its own (`draining`). */
export type ShardState = 'active' | 'draining';

/** Where a tenant's data may live relative to its home region. */
export type TenantResidency = 'strict' | 'permitted' | 'deferred';

/** Where a live migration of the tenant stands. */
export type TenantMigrationState = 'stable' | 'migrating';

export interface TenantsTable {
  tenant_id: string;
  display_name: string;
  created_at: Date;
  disabled_at: Date | null;
  home_region: ColumnType<string, string | undefined, string>;
  residency: ColumnType<TenantResidency, TenantResidency | undefined, TenantResidency>;
  migration_state: ColumnType<TenantMigrationState, TenantMigrationState | undefined, TenantMigrationState>;
  migration_epoch: ColumnType<number, number | undefined, number>;
}

export interface ApiKeysTable {
  key_id: string;
  tenant_id: string;
  label: string;
  /** The first characters of the plaintext key, so people can tell keys apart; not secret. */
  key_prefix: string;
  /** SHA-256 of the whole plaintext key; the plaintext itself is never stored. */
  key_hash: Bytea;
  created_at: Date;
  revoked_at: Date | null;
}

export interface ShardsTable {
  shard_id: number;
  name: string;
  created_at: Date;
  region: ColumnType<string, string | undefined, string>;
  weight: ColumnType<number, number | undefined, number>;
  state: ColumnType<ShardState, ShardState | undefined, ShardState>;
  ingest_url: string | null;
  query_url: string | null;
  lambda_qualifier: string | null;
}

export interface ShardAssignmentsTable {
  tenant_id: string;
  shard_id: number;
  state: ShardAssignmentState;
  assigned_at: Date;
}

export interface SegmentsTable {
  segment_id: string;
  tenant_id: string;
  dataset: string;
  shard_id: number;
  state: SegmentState;
  min_timestamp_ns: Int8;
  max_timestamp_ns: Int8;
  row_count: Int8;
  bytes: Int8;
  manifest_version: number;
  format_version: number;
  /** Object-store prefix of the sealed copy; null until the segment is sealed. */
  object_prefix: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Date;
  updated_at: Date;
}

export interface TraceHintsTable {
  tenant_id: string;
  trace_id: Bytea;
  segment_id: string;
}

export interface IdempotencyKeysTable {
  tenant_id: string;
  idempotency_key: string;
  request_digest: string;
  state: 'pending' | 'completed';
  result: Jsonb | null;
  created_at: Date;
  expires_at: Date;
}

export interface DeadLettersTable {
  dead_letter_id: string;
  tenant_id: string | null;
  event_type: string;
  event: Jsonb;
  handler: string;
  error: string;
  attempts: number;
  created_at: Date;
  replayed_at: Date | null;
}

export interface RetentionPoliciesTable {
  tenant_id: string;
  /** A dataset, or `*` for the tenant's default. */
  dataset: string;
  days: number;
  updated_at: Date;
}

export interface ParquetFilesTable {
  object_key: string;
  tenant_id: string;
  dataset: string;
  shard_id: number;
  hour_start_ns: Int8;
  part: number;
  bytes: Int8;
  row_count: Int8;
  min_timestamp_ns: Int8;
  max_timestamp_ns: Int8;
  format_version: number;
  /** `[{ name, type }]`: the file's columns and their Prism types. */
  columns: Jsonb;
  created_at: Date;
}

export interface ParquetRowGroupsTable {
  tenant_id: string;
  object_key: string;
  row_group_index: number;
  row_count: Int8;
  min_timestamp_ns: Int8;
  max_timestamp_ns: Int8;
  /** `{ column: [offset, length] }` of each column chunk in the file. */
  column_chunks: Jsonb;
  /** `{ column: BlockStats }` for the columns the writer kept stats for. */
  stats: Jsonb;
  /** JSON `{ column: SavedBloom }` as UTF-8 bytes. */
  bloom_filters: Bytea | null;
}

export interface ParquetFileSegmentsTable {
  tenant_id: string;
  object_key: string;
  segment_id: string;
}

/** Every table of the catalog, as kysely sees it. */
export interface CatalogSchema {
  tenants: TenantsTable;
  api_keys: ApiKeysTable;
  shards: ShardsTable;
  shard_assignments: ShardAssignmentsTable;
  segments: SegmentsTable;
  trace_hints: TraceHintsTable;
  idempotency_keys: IdempotencyKeysTable;
  parquet_files: ParquetFilesTable;
  parquet_row_groups: ParquetRowGroupsTable;
  parquet_file_segments: ParquetFileSegmentsTable;
  dead_letters: DeadLettersTable;
  retention_policies: RetentionPoliciesTable;
}

export type SegmentRow = Selectable<SegmentsTable>;

/** Tables whose rows belong to one tenant: row-level security guards them, the tenant role may touch them. */
export const TENANT_SCOPED_TABLES = [
  'api_keys',
  'segments',
  'trace_hints',
  'idempotency_keys',
  'parquet_files',
  'parquet_row_groups',
  'parquet_file_segments',
] as const satisfies readonly (keyof CatalogSchema)[];

/** The transaction-local setting that names the tenant a session acts for. */
export const TENANT_SETTING = 'prism.tenant_id';
