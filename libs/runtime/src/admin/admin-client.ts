import type { Catalog, Shard, ShardInput } from '@prism/catalog';
import { createTenantWithKey, type CreatedTenant, type TenantPlacementOptions } from './tenant-admin';

/** A tenant as `tenant list` shows it. */
export interface TenantSummary {
  tenantId: string;
  disabled: boolean;
}

/** A shard as `shards list` shows it: the shard map's entry and how many tenants it holds. */
export interface ShardSummary extends Shard {
  tenants: number;
}

/** Labels of the keys the CLI makes when none is given. */
export const DEFAULT_KEY_LABEL = { tenantCreate: 'created by prism tenant create', keyCreate: 'created by prism key create' } as const;

/**
 * What the tenant and shard commands of the CLI do, wherever the catalog is: opened by the CLI
 * itself, or held by a running server and reached through its admin API.
 */
export interface AdminClient {
  /** Creates a tenant, pinned to a shard of its home region, and its first API key (the plaintext, shown once). */
  createTenant(tenantId: string, placement?: TenantPlacementOptions): Promise<CreatedTenant>;
  listTenants(): Promise<TenantSummary[]>;
  /** Creates another API key for a tenant. */
  createKey(tenantId: string, label: string): Promise<CreatedTenant>;
  listShards(): Promise<ShardSummary[]>;
  addShard(input: ShardInput): Promise<Shard>;
  /** Stops placing new tenants on the shard. */
  drainShard(shardId: number): Promise<Shard>;
  close(): Promise<void>;
}

/**
 * The admin operations on a catalog this process opened; `close` closes the catalog.
 * @example const admin = catalogAdminClient(await openCatalog(options));
 */
export function catalogAdminClient(catalog: Catalog): AdminClient {
  return {
    createTenant: (tenantId, placement) => createTenantWithKey(catalog, tenantId, DEFAULT_KEY_LABEL.tenantCreate, placement),
    listTenants: async () => (await catalog.tenants.list()).map((tenant) => ({ tenantId: tenant.tenantId, disabled: tenant.disabledAt !== undefined })),
    createKey: async (tenantId, label) => ({ tenantId, key: (await catalog.apiKeys.create(tenantId, label)).key }),
    listShards: async () => {
      const counts = await catalog.shards.countTenantsPerShard();
      return (await catalog.shards.listAll()).map((shard) => ({ ...shard, tenants: counts.get(shard.shardId) ?? 0 }));
    },
    addShard: (input) => catalog.shards.add(input),
    drainShard: (shardId) => catalog.shards.drain(shardId),
    close: () => catalog.close(),
  };
}
