import type { Catalog } from '@prism/catalog';
import { placeTenant, type ShardDescriptor, type TenantRegistry } from '@prism/sharding';

/**
 * The sharding library's tenant registry on the catalog: shards from the shard map, placements
 * from the tenants and their active assignments, pins through the catalog's pin-once insert.
 */
export function catalogTenantRegistry(catalog: Catalog): TenantRegistry {
  return {
    listShards: async () =>
      (await catalog.shards.listAll()).map((shard): ShardDescriptor => ({
        id: shard.shardId,
        region: shard.region,
        weight: shard.weight,
        state: shard.state,
        endpoints: shard.endpoints,
      })),
    placementOf: (tenantId) => catalog.shards.placementOf(tenantId),
    pinIfUnpinned: (tenantId, shardId) => catalog.shards.pinIfUnpinned(tenantId, shardId),
  };
}

/**
 * The shard that owns a tenant: its pinned (active) assignment in the catalog, or, for a tenant
 * not placed yet, the weighted rendezvous winner among the active shards of its home region,
 * pinned now. A weight change or a new shard never moves a placed tenant; only a migration does.
 */
export class ShardAssigner {
  private readonly registry: TenantRegistry;

  constructor(catalog: Catalog) {
    this.registry = catalogTenantRegistry(catalog);
  }

  /** The tenant's shard id, placing the tenant when it has none. */
  async shardFor(tenantId: string): Promise<number> {
    return placeTenant(this.registry, tenantId);
  }
}

/** Registers the all-in-one server's single shard ("local", id 1, region "local"); idempotent. */
export async function registerLocalShard(catalog: Catalog): Promise<void> {
  await catalog.shards.register({ shardId: LOCAL_SHARD_ID, name: 'local' });
}

/** Catalog id of the all-in-one server's shard. */
export const LOCAL_SHARD_ID = 1;
