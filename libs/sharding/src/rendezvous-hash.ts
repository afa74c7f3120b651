import { createHash } from 'node:crypto';

/** A shard that can own tenants; `weight` scales its share (default 1). */
export interface ShardCandidate {
  id: string;
  weight?: number;
}

const TWO_POW_64 = 2 ** 64;

/**
 * A uniform score in (0, 1) for a (key, shard) pair. SHA-256 is not the fastest hash, but shard
 * lookups happen once per tenant and are cached, and it spreads keys evenly with no tuning.
 */
function unitHash(key: string, shardId: string): number {
  const digest = createHash('sha256').update(shardId).update('\u0000').update(key).digest();
  const high = digest.readUInt32BE(0);
  const low = digest.readUInt32BE(4);
  // 53 significant bits are plenty; +0.5 keeps the value strictly inside (0, 1).
  return (high * 2 ** 32 + low + 0.5) / TWO_POW_64;
}

/**
 * Shards ordered by preference for `key` (highest random weight first). The first is the owner;
 * the next ones are where the key goes if the owner leaves, so adding or removing a shard moves
 * only the keys that shard wins or held.
 *
 * @example
 * rankShards('tenant-a', [{ id: 's1' }, { id: 's2' }, { id: 's3', weight: 2 }]).map((s) => s.id);
 */
export function rankShards<T extends ShardCandidate>(key: string, shards: readonly T[]): T[] {
  const ids = new Set<string>();
  for (const shard of shards) {
    if (ids.has(shard.id)) throw new RangeError(`shard "${shard.id}" is listed twice`);
    ids.add(shard.id);
    const weight = shard.weight ?? 1;
    if (!(weight > 0) || !Number.isFinite(weight)) throw new RangeError(`shard "${shard.id}" has weight ${weight}; expected a positive number`);
  }
  // Weighted rendezvous: score = -weight / ln(u) keeps each shard's share proportional to its weight.
  return shards
    .map((shard) => ({ shard, score: -(shard.weight ?? 1) / Math.log(unitHash(key, shard.id)) }))
    .sort((a, b) => b.score - a.score || (a.shard.id < b.shard.id ? -1 : 1))
    .map(({ shard }) => shard);
}

/** The shard that owns `key`. */
export function pickShard<T extends ShardCandidate>(key: string, shards: readonly T[]): T {
  if (shards.length === 0) throw new RangeError('no shards to pick from');
  return rankShards(key, shards)[0];
}
