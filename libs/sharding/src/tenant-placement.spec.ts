import { describe, expect, it } from 'vitest';
import type { ShardDescriptor } from './shard-map';
import { placeTenant, UnknownTenantPlacementError, type TenantPlacement, type TenantRegistry } from './tenant-placement';

/** An in-memory registry with the same pin-once rule the catalog enforces with a unique index. */
class MemoryRegistry implements TenantRegistry {
  shards: ShardDescriptor[] = [];
  readonly tenants = new Map<string, TenantPlacement>();

  async listShards(): Promise<ShardDescriptor[]> {
    return this.shards.map((shard) => ({ ...shard }));
  }
  async placementOf(tenantId: string): Promise<TenantPlacement | undefined> {
    const placement = this.tenants.get(tenantId);
    return placement === undefined ? undefined : { ...placement };
  }
  async pinIfUnpinned(tenantId: string, shardId: number): Promise<number> {
    const placement = this.tenants.get(tenantId);
    if (placement === undefined) throw new Error('unknown tenant');
    placement.shardId ??= shardId;
    return placement.shardId;
  }
  addTenant(tenantId: string, homeRegion: string): void {
    this.tenants.set(tenantId, { tenantId, homeRegion, residency: 'strict', migrationState: 'stable', migrationEpoch: 0 });
  }
}

const shard = (id: number, region: string, weight = 1): ShardDescriptor => ({ id, region, weight, state: 'active', endpoints: {} });

describe('placeTenant', () => {
  it('places a tenant in its home region once; new shards and weight changes never move a placed tenant', async () => {
    const registry = new MemoryRegistry();
    registry.shards = [shard(1, 'eu'), shard(2, 'eu'), shard(3, 'us')];
    const tenants = Array.from({ length: 2000 }, (_, index) => `t-${index}`);
    for (const tenant of tenants) registry.addTenant(tenant, 'eu');
    const first = new Map<string, number>();
    for (const tenant of tenants) first.set(tenant, await placeTenant(registry, tenant));
    expect(new Set(first.values())).toEqual(new Set([1, 2]));

    registry.shards = [shard(1, 'eu', 10), { ...shard(2, 'eu'), state: 'draining' }, shard(3, 'us'), shard(4, 'eu', 50)];
    for (const tenant of tenants) expect(await placeTenant(registry, tenant)).toBe(first.get(tenant));

    // Only tenants placed after the change see the new map, and never the draining shard.
    registry.addTenant('newcomer', 'eu');
    expect([1, 4]).toContain(await placeTenant(registry, 'newcomer'));
  });

  it('fails clearly for an unknown tenant and for a home region without active shards', async () => {
    const registry = new MemoryRegistry();
    registry.shards = [shard(1, 'eu')];
    await expect(placeTenant(registry, 'ghost')).rejects.toBeInstanceOf(UnknownTenantPlacementError);
    registry.addTenant('far', 'ap');
    await expect(placeTenant(registry, 'far')).rejects.toThrow('no active shard in region "ap"');
    expect((await registry.placementOf('far'))?.shardId).toBeUndefined();
  });
});
