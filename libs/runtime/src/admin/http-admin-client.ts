import type { Shard } from '@prism/catalog';
import type { AdminClient, KeySummary, ShardSummary, TenantSummary } from './admin-client';
import type { AdminHandshake } from './admin-handshake';
import { ADMIN_SHARDS_PATH, ADMIN_TENANTS_PATH, adminKeyRevokePath, adminShardDrainPath, adminTenantDisablePath, adminTenantKeysPath } from './admin-routes';
import type { CreatedTenant } from './tenant-admin';

/** The admin API refused a call (its message is the server's), or could not be reached (`status` 0). */
export class AdminApiError extends Error {
  override readonly name = 'AdminApiError';

  constructor(
    /** The HTTP status, or 0 when no answer came. */
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** How long one admin call may take: a tenant is two small catalog writes. */
const CALL_TIMEOUT_MS = 30_000;

/**
 * The admin operations through a running server's admin API, as its handshake file describes it.
 * @example const admin = httpAdminClient(readAdminHandshake(config.catalogDir));
 */
export function httpAdminClient(handshake: AdminHandshake, fetchImpl: typeof fetch = fetch): AdminClient {
  const call = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    let response: Response;
    try {
      response = await fetchImpl(`${handshake.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${handshake.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      });
    } catch (error) {
      throw new AdminApiError(
        0,
        `could not reach the running server's admin API at ${handshake.url}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const payload = (await response.json().catch(() => undefined)) as (T & { error?: { message?: string } }) | undefined;
    if (!response.ok || payload === undefined) {
      throw new AdminApiError(response.status, payload?.error?.message ?? `the server's admin API answered ${response.status}`);
    }
    return payload;
  };
  return {
    createTenant: (tenantId, placement = {}) => call<CreatedTenant>('POST', ADMIN_TENANTS_PATH, { tenantId, ...placement }),
    listTenants: async () => (await call<{ tenants: TenantSummary[] }>('GET', ADMIN_TENANTS_PATH)).tenants,
    createKey: (tenantId, label) => call<CreatedTenant>('POST', adminTenantKeysPath(tenantId), { label }),
    listKeys: async (tenantId) => (await call<{ keys: KeySummary[] }>('GET', adminTenantKeysPath(tenantId))).keys,
    revokeKey: async (tenantId, keyId, afterMs) => {
      try {
        await call('POST', adminKeyRevokePath(tenantId, keyId), { afterMs });
        return true;
      } catch (error) {
        if (error instanceof AdminApiError && error.status === 404 && error.message.includes('no live key')) return false;
        throw error;
      }
    },
    disableTenant: async (tenantId) => void (await call('POST', adminTenantDisablePath(tenantId))),
    listShards: async () => (await call<{ shards: ShardSummary[] }>('GET', ADMIN_SHARDS_PATH)).shards,
    addShard: (input) => call<Shard>('POST', ADMIN_SHARDS_PATH, input),
    drainShard: (shardId) => call<Shard>('POST', adminShardDrainPath(shardId)),
    close: async () => undefined,
  };
}
