import type { Catalog } from '@prism/catalog';
import type { TenantContext } from '../core/ingest-request';
import { ShardAssigner } from './shard-assigner';

/** Options of {@link TenantGateway}. */
export interface TenantGatewayOptions {
  /** How long a resolved key is trusted without asking the catalog: also the revocation delay. */
  cacheTtlMs: number;
  /** How long an unknown key is remembered as unknown, so a bad client cannot hammer the catalog. */
  negativeTtlMs: number;
  /** Entries kept before the cache is emptied (a crude bound; keys are few per deployment). */
  maxEntries: number;
  clock: () => number;
}

/** 30 s for known keys, 5 s for unknown ones, 10,000 entries. */
export function defaultTenantGatewayOptions(): TenantGatewayOptions {
  return { cacheTtlMs: 30_000, negativeTtlMs: 5_000, maxEntries: 10_000, clock: Date.now };
}

/** Why a request has no tenant. */
export type Authentication = { ok: true; tenant: TenantContext } | { ok: false; reason: 'missing' | 'unknown' };

interface Entry {
  tenant: TenantContext | undefined;
  expiresAt: number;
}

/**
 * `x-api-key` → tenant context (tenant id and shard), cached briefly. A revoked key or a disabled
 * tenant keeps working for up to `cacheTtlMs` in each process that cached it. Catalog failures
 * propagate (the edge answers 503): an unreachable catalog must not look like a bad key.
 */
export class TenantGateway {
  readonly options: TenantGatewayOptions;
  private readonly cache = new Map<string, Entry>();
  private readonly shards: ShardAssigner;

  constructor(
    private readonly catalog: Catalog,
    options: Partial<TenantGatewayOptions> = {},
  ) {
    this.options = { ...defaultTenantGatewayOptions(), ...options };
    this.shards = new ShardAssigner(catalog);
  }

  /** The tenant an API key belongs to. */
  async authenticate(apiKey: string | undefined): Promise<Authentication> {
    if (apiKey === undefined || apiKey.trim() === '') return { ok: false, reason: 'missing' };
    const now = this.options.clock();
    const cached = this.cache.get(apiKey);
    if (cached !== undefined && cached.expiresAt > now) {
      return cached.tenant === undefined ? { ok: false, reason: 'unknown' } : { ok: true, tenant: cached.tenant };
    }
    const resolved = await this.catalog.apiKeys.resolve(apiKey.trim());
    const tenant = resolved === undefined ? undefined : { tenantId: resolved.tenantId, shardId: await this.shards.shardFor(resolved.tenantId) };
    if (this.cache.size >= this.options.maxEntries) this.cache.clear();
    this.cache.set(apiKey, { tenant, expiresAt: now + (tenant === undefined ? this.options.negativeTtlMs : this.options.cacheTtlMs) });
    return tenant === undefined ? { ok: false, reason: 'unknown' } : { ok: true, tenant };
  }
}
