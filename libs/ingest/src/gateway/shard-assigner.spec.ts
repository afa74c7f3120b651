import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '@prism/catalog';
import { openTestCatalog } from '@prism/catalog/testing';
import { NoActiveShardError } from '@prism/sharding';
import { LOCAL_SHARD_ID, ShardAssigner, registerLocalShard } from './shard-assigner';

let catalog: Catalog;
beforeAll(async () => {
  catalog = await openTestCatalog();
  await registerLocalShard(catalog);
});
afterAll(async () => {
  await catalog.close();
});

async function createTenants(prefix: string, count: number, homeRegion?: string): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, index) => `${prefix}-${index}`);
  for (const tenantId of ids) await catalog.tenants.create({ tenantId, ...(homeRegion === undefined ? {} : { homeRegion }) });
  return ids;
}

describe('ShardAssigner on the catalog', () => {
  it('keeps the all-in-one server one shard: every tenant lands on "local"', async () => {
    const assigner = new ShardAssigner(catalog);
    for (const tenantId of await createTenants('solo', 5)) expect(await assigner.shardFor(tenantId)).toBe(LOCAL_SHARD_ID);
  });

  it('pins placed tenants through new shards and weight changes; new tenants avoid draining shards', async () => {
    const assigner = new ShardAssigner(catalog);
    await catalog.shards.add({ shardId: 2, region: 'eu' });
    await catalog.shards.add({ shardId: 3, region: 'eu' });
    const early = await createTenants('early', 40, 'eu');
    const placed = new Map<string, number>();
    for (const tenantId of early) placed.set(tenantId, await assigner.shardFor(tenantId));
    expect(new Set(placed.values())).toEqual(new Set([2, 3]));

    await catalog.shards.add({ shardId: 4, region: 'eu', weight: 1000 });
    await catalog.shards.setWeight(2, 1000);
    await catalog.shards.drain(3);
    for (const tenantId of early) expect(await new ShardAssigner(catalog).shardFor(tenantId)).toBe(placed.get(tenantId));

    for (const tenantId of await createTenants('late', 20, 'eu')) expect([2, 4]).toContain(await assigner.shardFor(tenantId));
  });

  it('refuses to place a tenant whose home region has no active shard, and leaves it unplaced', async () => {
    const [tenantId] = await createTenants('faraway', 1, 'ap-south-1');
    await expect(new ShardAssigner(catalog).shardFor(tenantId ?? '')).rejects.toBeInstanceOf(NoActiveShardError);
    expect(await catalog.shards.assignmentsOf(tenantId ?? '')).toEqual([]);
  });
});
