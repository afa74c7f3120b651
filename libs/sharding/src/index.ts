export { pickShard, rankShards } from './rendezvous-hash';
export type { ShardCandidate } from './rendezvous-hash';
export { NoActiveShardError, RESIDENCY_POLICIES, SHARD_STATES, ShardMap } from './shard-map';
export type { ResidencyPolicy, ShardDescriptor, ShardEndpoints, ShardState } from './shard-map';
export { MIGRATION_STATES, UnknownTenantPlacementError, placeTenant } from './tenant-placement';
export type { MigrationState, TenantPlacement, TenantRegistry } from './tenant-placement';
