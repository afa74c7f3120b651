import { describe, expect, it } from 'vitest';
import { NoActiveShardError, ShardMap, type ShardDescriptor } from './shard-map';

const TENANTS = Array.from({ length: 100_000 }, (_, index) => `tenant-${index}`);

function shard(id: number, weight: number, overrides: Partial<ShardDescriptor> = {}): ShardDescriptor {
  return { id, region: 'eu', weight, state: 'active', endpoints: {}, ...overrides };
}

function owners(map: ShardMap, region = 'eu'): Map<string, number> {
  return new Map(TENANTS.map((tenant) => [tenant, map.proposeOwner(tenant, region).id]));
}

describe('ShardMap', () => {
  const weighted = new ShardMap([shard(1, 1), shard(2, 2), shard(3, 5), shard(9, 4, { region: 'us' })]);
  const before = owners(weighted);

  it('spreads 100k tenants within 5 % of the weights of the region’s active shards', () => {
    const counts = new Map<number, number>();
    for (const owner of before.values()) counts.set(owner, (counts.get(owner) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual([1, 2, 3]); // never the other region's shard
    for (const [id, weight] of [
      [1, 1],
      [2, 2],
      [3, 5],
    ]) {
      const expected = (TENANTS.length * weight) / 8;
      expect(Math.abs((counts.get(id) ?? 0) - expected) / expected, `shard ${id}`).toBeLessThan(0.05);
    }
  });

  it('moves the proposal of only about 1/n of the tenants when a shard is added, all to the new shard', () => {
    const grown = owners(new ShardMap([...weighted.shards, shard(4, 1)]));
    let moved = 0;
    for (const [tenant, owner] of grown) {
      if (owner === before.get(tenant)) continue;
      moved++;
      expect(owner).toBe(4);
    }
    // The new shard's share of the weight: 1 / (1 + 2 + 5 + 1).
    expect(Math.abs(moved / TENANTS.length - 1 / 9)).toBeLessThan(0.005);
  });

  it('proposes no draining shard, and fails clearly for a region with no active shard', () => {
    const drained = new ShardMap([shard(1, 1), shard(2, 2, { state: 'draining' }), shard(3, 5)]);
    for (const tenant of TENANTS.slice(0, 5000)) expect(drained.proposeOwner(tenant, 'eu').id).not.toBe(2);
    expect(() => drained.proposeOwner('t', 'ap')).toThrow(NoActiveShardError);
    expect(() => new ShardMap([shard(1, 1, { state: 'draining' })]).proposeOwner('t', 'eu')).toThrow('no active shard in region "eu"');
  });

  it('does not depend on the order shards are listed in, and rejects a shard listed twice', () => {
    const reversed = new ShardMap([...weighted.shards].reverse());
    for (const tenant of TENANTS.slice(0, 500)) expect(reversed.proposeOwner(tenant, 'eu').id).toBe(before.get(tenant));
    expect(() => new ShardMap([shard(1, 1), shard(1, 2)])).toThrow('listed twice');
    expect(weighted.shard(9)?.region).toBe('us');
    expect(weighted.shard(7)).toBeUndefined();
  });
});
