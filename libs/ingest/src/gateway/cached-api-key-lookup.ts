import { looksLikeApiKey, type Catalog } from '@prism/catalog';
import type { ApiKeyLookup, ApiKeyLookupResult } from '@prism/server';
import { ShardAssigner } from './shard-assigner';

/** Options of {@link CachedApiKeyLookup}. */
export interface CachedApiKeyLookupOptions {
  /** How long a resolved key is trusted without asking the catalog: also the revocation delay. */
  cacheTtlMs: number;
  /** How long an unknown key is remembered as unknown, so a bad client cannot hammer the catalog. */
  negativeTtlMs: number;
  /** Entries kept before the cache is emptied (a crude bound; keys are few per deployment). */
  maxEntries: number;
  clock: () => number;
}

/** 30 s for known keys, 5 s for unknown ones, 10,000 entries. */
export function defaultCachedApiKeyLookupOptions(): CachedApiKeyLookupOptions {
  return { cacheTtlMs: 30_000, negativeTtlMs: 5_000, maxEntries: 10_000, clock: Date.now };
}

interface Entry {
  result: ApiKeyLookupResult;
  expiresAt: number;
}

/**
 * The catalog's API keys as the edge's {@link ApiKeyLookup}: key → tenant, key id and shard (assigned
 * on first sight), cached briefly. A revoked key or a disabled tenant keeps working for up to
 * `cacheTtlMs` in each process that cached it. Catalog failures propagate (the gateway answers
 * 503): an unreachable catalog must not look like a bad key.
 *
 * @example const gateway = new ApiKeyGateway(new CachedApiKeyLookup(catalog));
 */
export class CachedApiKeyLookup implements ApiKeyLookup {
  readonly options: CachedApiKeyLookupOptions;
  private readonly cache = new Map<string, Entry>();
  private readonly shards: ShardAssigner;

  constructor(
    private readonly catalog: Catalog,
    options: Partial<CachedApiKeyLookupOptions> = {},
  ) {
    this.options = { ...defaultCachedApiKeyLookupOptions(), ...options };
    this.shards = new ShardAssigner(catalog);
  }

  /** The tenant a key belongs to; a key not shaped like a Prism key is `malformed` without asking the catalog. */
  async lookup(key: string): Promise<ApiKeyLookupResult> {
    if (!looksLikeApiKey(key)) return { found: false, reason: 'malformed' };
    const now = this.options.clock();
    const cached = this.cache.get(key);
    if (cached !== undefined && cached.expiresAt > now) return cached.result;
    const resolved = await this.catalog.apiKeys.resolve(key);
    const result: ApiKeyLookupResult =
      resolved === undefined
        ? { found: false, reason: 'unknown' }
        : { found: true, tenant: { tenantId: resolved.tenantId, keyId: resolved.keyId, shardId: await this.shards.shardFor(resolved.tenantId) } };
    if (this.cache.size >= this.options.maxEntries) this.cache.clear();
    this.cache.set(key, { result, expiresAt: now + (result.found ? this.options.cacheTtlMs : this.options.negativeTtlMs) });
    return result;
  }
}
