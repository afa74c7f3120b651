export { Catalog, migrateCatalog, openCatalog } from './catalog';
export { DEFAULT_PGLITE_DATA_DIR, catalogOptionsFromEnv, defaultCatalogOptions } from './catalog-options';
export type { CatalogOptions, CommonCatalogOptions } from './catalog-options';
export type { CatalogDialect, CatalogDialectKind } from './dialects/catalog-dialect';
export type { PgliteCatalogOptions } from './dialects/pglite/pglite-dialect';
export type { PostgresCatalogOptions } from './dialects/postgres/postgres-dialect';
export {
  CatalogError,
  CatalogInUseError,
  CatalogUnavailableError,
  InvalidCatalogInputError,
  InvalidSegmentTransitionError,
  TenantExistsError,
  UnknownTenantError,
  isTransientCatalogError,
} from './errors';
export type { CatalogLockOwner } from './errors';
export { DATA_DIR_LOCK_FILE } from './dialects/pglite/data-dir-lock';
export { writePgliteClusterSeed } from './dialects/pglite/cluster-seed';
export { catalogMigrations } from './migrations/migrations';
export type { CommitRecord } from './record-commit';
export { ApiKeyRepository } from './repositories/api-key-repository';
export type { ApiKey, CreatedApiKey, ResolvedApiKey } from './repositories/api-key-repository';
export { IdempotencyKeyRepository } from './repositories/idempotency-key-repository';
export type { ClaimOutcome, IdempotencyClaim, PendingCommit } from './repositories/idempotency-claims';
export type { JsonValue } from './values';
export type { Segment, SegmentUpsert } from './repositories/segment-records';
export { SegmentRepository } from './repositories/segment-repository';
export type { SegmentRangeQuery } from './repositories/segment-repository';
export { ShardExistsError, ShardRepository, UnknownShardError } from './repositories/shard-repository';
export type { Shard, ShardAssignment, ShardEndpoints, ShardInput, TenantPlacementRecord } from './repositories/shard-repository';
export { DEFAULT_REGION, SHARD_STATE_VALUES, TENANT_MIGRATION_STATE_VALUES, TENANT_RESIDENCY_VALUES } from './shard-map-values';
export { TenantRepository } from './repositories/tenant-repository';
export type { Tenant, TenantInput } from './repositories/tenant-repository';
export { TraceHintRepository } from './repositories/trace-hint-repository';
export type { TraceIdHex } from './repositories/trace-hint-repository';
export type { CatalogSchema, SegmentState, ShardAssignmentState, ShardState, TenantMigrationState, TenantResidency } from './schema';
export { SEGMENT_STATES, canTransition } from './segment-states';
export { API_KEY_PREFIX, looksLikeApiKey } from './api-key-format';
export { TenantCatalog } from './tenant-catalog';
export { DEFAULT_TENANT_ROLE } from './tenant-role';
export { catalogSegmentId, segmentAddressOf } from './segment-address';
export type { SegmentAddress } from './segment-address';
export { ParquetFileRepository } from './repositories/parquet-file-repository';
export type { ParquetColumnStats, ParquetFile, ParquetFileRecord, ParquetRowGroup } from './repositories/parquet-file-repository';
export { DeadLetterRepository } from './repositories/dead-letter-repository';
export type { DeadLetter, DeadLetterInput } from './repositories/dead-letter-repository';
export { ALL_DATASETS, RetentionPolicyRepository } from './repositories/retention-policy-repository';
export type { RetentionPolicy } from './repositories/retention-policy-repository';
