import type { Catalog } from '@prism/catalog';
import { createTenantWithKey, type CreatedTenant } from './tenant-admin';

/** A tenant as `tenant list` shows it. */
export interface TenantSummary {
  tenantId: string;
  disabled: boolean;
}

/** Labels of the keys the CLI makes when none is given. */
export const DEFAULT_KEY_LABEL = { tenantCreate: 'created by prism tenant create', keyCreate: 'created by prism key create' } as const;

/**
 * What the tenant commands of the CLI do, wherever the catalog is: opened by the CLI itself, or
 * held by a running server and reached through its admin API.
 */
export interface AdminClient {
  /** Creates a tenant and its first API key (the plaintext, shown once). */
  createTenant(tenantId: string): Promise<CreatedTenant>;
  listTenants(): Promise<TenantSummary[]>;
  /** Creates another API key for a tenant. */
  createKey(tenantId: string, label: string): Promise<CreatedTenant>;
  close(): Promise<void>;
}

/**
 * The admin operations on a catalog this process opened; `close` closes the catalog.
 * @example const admin = catalogAdminClient(await openCatalog(options));
 */
export function catalogAdminClient(catalog: Catalog): AdminClient {
  return {
    createTenant: (tenantId) => createTenantWithKey(catalog, tenantId, DEFAULT_KEY_LABEL.tenantCreate),
    listTenants: async () => (await catalog.tenants.list()).map((tenant) => ({ tenantId: tenant.tenantId, disabled: tenant.disabledAt !== undefined })),
    createKey: async (tenantId, label) => ({ tenantId, key: (await catalog.apiKeys.create(tenantId, label)).key }),
    close: () => catalog.close(),
  };
}
