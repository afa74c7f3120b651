import { pickShard } from './rendezvous-hash';

/** `active` shards take new tenants; `draining` ones keep serving their tenants but get no new ones. */
export type ShardState = 'active' | 'draining';

/** Where a shard is reached: its services' base URLs (self-hosted) and its Lambda qualifier (AWS). */
export interface ShardEndpoints {
  ingestUrl?: string;
  queryUrl?: string;
  lambdaQualifier?: string;
}

/** One shard of the map: its own hot store, in one region. */
export interface ShardDescriptor {
  id: number;
  region: string;
  /** Relative share of new tenants among the active shards of its region; positive. */
  weight: number;
  state: ShardState;
  endpoints: ShardEndpoints;
}

/** Where a tenant's data may live: only its home region (`strict`), elsewhere too (`permitted`), or not decided yet (`deferred`). */
export type ResidencyPolicy = 'strict' | 'permitted' | 'deferred';

export const SHARD_STATES: readonly ShardState[] = ['active', 'draining'];
export const RESIDENCY_POLICIES: readonly ResidencyPolicy[] = ['strict', 'permitted', 'deferred'];

/** No active shard in the region a tenant has to be placed in. */
export class NoActiveShardError extends Error {
  override readonly name = 'NoActiveShardError';

  constructor(readonly region: string) {
    super(`no active shard in region "${region}": add one (prism shards add) before creating tenants there`);
  }
}

/**
 * The shards and their states, and the one rule for new tenants: weighted rendezvous hashing over
 * the *active* shards of the tenant's home region. It only proposes; the assignment a tenant gets
 * is pinned by whoever records it, so changing weights or adding shards never moves a tenant.
 *
 * @example new ShardMap(await registry.listShards()).proposeOwner('acme', 'eu-west-1').id
 */
export class ShardMap {
  readonly #byId: ReadonlyMap<number, ShardDescriptor>;

  constructor(readonly shards: readonly ShardDescriptor[]) {
    const byId = new Map<number, ShardDescriptor>();
    for (const shard of shards) {
      if (byId.has(shard.id)) throw new RangeError(`shard ${shard.id} is listed twice`);
      byId.set(shard.id, shard);
    }
    this.#byId = byId;
  }

  /** The shard with this id, or undefined. */
  shard(id: number): ShardDescriptor | undefined {
    return this.#byId.get(id);
  }

  /** The active shards of a region, by id. */
  activeIn(region: string): ShardDescriptor[] {
    return this.shards.filter((shard) => shard.region === region && shard.state === 'active').sort((a, b) => a.id - b.id);
  }

  /** The shard a new tenant of `homeRegion` would get now; a NoActiveShardError if the region has none. */
  proposeOwner(tenantId: string, homeRegion: string): ShardDescriptor {
    const candidates = this.activeIn(homeRegion);
    if (candidates.length === 0) throw new NoActiveShardError(homeRegion);
    // Hash on the id, never the name: a renamed shard must not change anyone's proposal.
    return pickShard(
      tenantId,
      candidates.map((shard) => ({ id: String(shard.id), weight: shard.weight, shard })),
    ).shard;
  }
}
