import { UnknownTenantError, type Catalog, type Shard, type ShardInput } from '@prism/catalog';
import { createTenantWithKey, type CreatedTenant, type TenantPlacementOptions } from './tenant-admin';

/** A tenant as `tenant list` shows it. */
export interface TenantSummary {
  tenantId: string;
  disabled: boolean;
}

/** An API key as `key list` shows it (never the key itself). */
export interface KeySummary {
  keyId: string;
  label: string;
  /** The key's first characters, to tell keys apart. */
  displayPrefix: string;
  createdAt: string;
  /** ISO time it stopped working, or will stop (a rotation's overlap). */
  revokedAt?: string;
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
  listKeys(tenantId: string): Promise<KeySummary[]>;
  /** Revokes a key now, or `afterMs` from now (rotation); false when it is not a live key of the tenant. */
  revokeKey(tenantId: string, keyId: string, afterMs: number): Promise<boolean>;
  /** Disables a tenant: none of its keys works any more; its data stays. */
  disableTenant(tenantId: string): Promise<void>;
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
    listKeys: async (tenantId) => {
      if ((await catalog.tenants.get(tenantId)) === undefined) throw new UnknownTenantError(tenantId);
      return (await catalog.apiKeys.list(tenantId)).map((key) => ({
        keyId: key.keyId,
        label: key.label,
        displayPrefix: key.displayPrefix,
        createdAt: key.createdAt.toISOString(),
        ...(key.revokedAt === undefined ? {} : { revokedAt: key.revokedAt.toISOString() }),
      }));
    },
    revokeKey: (tenantId, keyId, afterMs) => catalog.apiKeys.revoke(tenantId, keyId, { afterMs }),
    disableTenant: (tenantId) => catalog.tenants.disable(tenantId),
    listShards: async () => {
      const counts = await catalog.shards.countTenantsPerShard();
      return (await catalog.shards.listAll()).map((shard) => ({ ...shard, tenants: counts.get(shard.shardId) ?? 0 }));
    },
    addShard: (input) => catalog.shards.add(input),
    drainShard: (shardId) => catalog.shards.drain(shardId),
    close: () => catalog.close(),
  };
}
