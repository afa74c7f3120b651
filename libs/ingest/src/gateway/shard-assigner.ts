import type { Catalog } from '@prism/catalog';
import { pickShard } from '@prism/sharding';

/**
 * The shard that owns a tenant: its active assignment in the catalog, or, for a tenant seen for
 * the first time, the rendezvous-hash winner among the registered shards, recorded as active.
 */
export class ShardAssigner {
  constructor(private readonly catalog: Catalog) {}

  /** The tenant's shard id, assigning one when it has none. */
  async shardFor(tenantId: string): Promise<number> {
    const active = (await this.catalog.shards.assignmentsOf(tenantId)).find((assignment) => assignment.state === 'active');
    if (active !== undefined) return active.shardId;
    const shards = await this.catalog.shards.list();
    if (shards.length === 0) throw new Error('no shard is registered: register one before serving ingest');
    const chosen = pickShard(
      tenantId,
      shards.map((shard) => ({ id: shard.name, shardId: shard.shardId })),
    );
    await this.catalog.shards.assign(tenantId, chosen.shardId);
    return chosen.shardId;
  }
}

/** Registers the all-in-one server's single shard ("local", id 1); idempotent. */
export async function registerLocalShard(catalog: Catalog): Promise<void> {
  await catalog.shards.register({ shardId: LOCAL_SHARD_ID, name: 'local' });
}

/** Catalog id of the all-in-one server's shard. */
export const LOCAL_SHARD_ID = 1;
