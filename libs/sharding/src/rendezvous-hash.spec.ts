import { describe, expect, it } from 'vitest';
import { pickShard, rankShards } from './rendezvous-hash';

const tenants = Array.from({ length: 4000 }, (_, index) => `tenant-${index}`);
const shards = [{ id: 's1' }, { id: 's2' }, { id: 's3' }, { id: 's4' }];

function countOwners(shardList: Array<{ id: string; weight?: number }>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const tenant of tenants) {
    const owner = pickShard(tenant, shardList).id;
    counts.set(owner, (counts.get(owner) ?? 0) + 1);
  }
  return counts;
}

describe('rendezvous hashing', () => {
  it('is deterministic and independent of the order shards are listed in', () => {
    for (const tenant of tenants.slice(0, 50)) {
      expect(pickShard(tenant, shards).id).toBe(pickShard(tenant, [...shards].reverse()).id);
    }
  });

  it('spreads tenants evenly', () => {
    const counts = countOwners(shards);
    for (const shard of shards) expect(counts.get(shard.id)).toBeGreaterThan(1000 * 0.85);
  });

  it('moves only the tenants the new shard wins when a shard is added', () => {
    const before = new Map(tenants.map((tenant) => [tenant, pickShard(tenant, shards).id]));
    const grown = [...shards, { id: 's5' }];
    let moved = 0;
    for (const tenant of tenants) {
      const owner = pickShard(tenant, grown).id;
      if (owner !== before.get(tenant)) {
        moved++;
        expect(owner).toBe('s5');
      }
    }
    expect(moved / tenants.length).toBeGreaterThan(0.15);
    expect(moved / tenants.length).toBeLessThan(0.25);
  });

  it('gives a shard of weight 2 about twice the share', () => {
    const counts = countOwners([{ id: 'a' }, { id: 'b', weight: 2 }]);
    const share = (counts.get('b') ?? 0) / tenants.length;
    expect(share).toBeGreaterThan(0.62);
    expect(share).toBeLessThan(0.71);
  });

  it('ranks every shard once, owner first', () => {
    const ranked = rankShards('tenant-x', shards);
    expect(ranked.map((s) => s.id).sort()).toEqual(['s1', 's2', 's3', 's4']);
    expect(ranked[0]).toBe(pickShard('tenant-x', shards));
  });

  it('rejects bad shard lists with a clear error', () => {
    expect(() => pickShard('t', [])).toThrow('no shards');
    expect(() => pickShard('t', [{ id: 'a' }, { id: 'a' }])).toThrow('listed twice');
    expect(() => pickShard('t', [{ id: 'a', weight: 0 }])).toThrow('positive');
  });
});
