import { ShardMap, type ResidencyPolicy, type ShardDescriptor } from './shard-map';

/** Where a live migration of the tenant stands; `stable` when none runs. The epoch counts finished and started moves. */
export type MigrationState = 'stable' | 'migrating';

export const MIGRATION_STATES: readonly MigrationState[] = ['stable', 'migrating'];

/** A tenant as routing needs it: its region, its pinned shard (none before its first placement) and its policy. */
export interface TenantPlacement {
  tenantId: string;
  homeRegion: string;
  /** The pinned (active) shard; undefined until the tenant is placed. */
  shardId?: number;
  residency: ResidencyPolicy;
  migrationState: MigrationState;
  migrationEpoch: number;
}

/**
 * What placement reads and writes, wherever the registry lives (the catalog, a table elsewhere).
 * `pinIfUnpinned` must be atomic: of two concurrent first placements one wins and both see it.
 */
export interface TenantRegistry {
  listShards(): Promise<ShardDescriptor[]>;
  /** The tenant's placement, or undefined for an unknown tenant. */
  placementOf(tenantId: string): Promise<TenantPlacement | undefined>;
  /** Pins `shardId` unless the tenant already has a shard; returns the pinned one either way. */
  pinIfUnpinned(tenantId: string, shardId: number): Promise<number>;
}

/** The tenant is not in the registry. */
export class UnknownTenantPlacementError extends Error {
  override readonly name = 'UnknownTenantPlacementError';

  constructor(readonly tenantId: string) {
    super(`tenant "${tenantId}" is not registered`);
  }
}

/**
 * The tenant's shard: the pinned one, or for a tenant never placed, the map's proposal among the
 * active shards of its home region, pinned now. Never moves a placed tenant.
 *
 * @example const shardId = await placeTenant(registry, 'acme');
 */
export async function placeTenant(registry: TenantRegistry, tenantId: string): Promise<number> {
  const placement = await registry.placementOf(tenantId);
  if (placement === undefined) throw new UnknownTenantPlacementError(tenantId);
  if (placement.shardId !== undefined) return placement.shardId;
  const proposed = new ShardMap(await registry.listShards()).proposeOwner(tenantId, placement.homeRegion);
  return registry.pinIfUnpinned(tenantId, proposed.id);
}
