import {
  InvalidCatalogInputError,
  ShardExistsError,
  TenantExistsError,
  UnknownShardError,
  UnknownTenantError,
  type Catalog,
  type ShardInput,
} from '@prism/catalog';
import { NoActiveShardError } from '@prism/sharding';
import { HttpError, jsonResponse, type HttpRequest, type HttpResponse, type Route } from '@prism/server';
import { DEFAULT_KEY_LABEL, catalogAdminClient } from './admin-client';
import { adminTokenMatches, bearerTokenOf } from './admin-token';

/** `GET` lists tenants, `POST { tenantId }` creates one with its first key. */
export const ADMIN_TENANTS_PATH = '/admin/v1/tenants';
/** `POST { label? }` creates another key for the tenant. */
export const ADMIN_TENANT_KEYS_PATH = '/admin/v1/tenants/:tenantId/keys';

/** `POST { afterMs? }` revokes the key now or after an overlap window; 404 when it is not a live key of the tenant. */
export const ADMIN_TENANT_KEY_REVOKE_PATH = '/admin/v1/tenants/:tenantId/keys/:keyId/revoke';
/** `POST` disables the tenant: none of its keys works any more. */
export const ADMIN_TENANT_DISABLE_PATH = '/admin/v1/tenants/:tenantId/disable';

/** The revoke path of one key. */
export function adminKeyRevokePath(tenantId: string, keyId: string): string {
  return ADMIN_TENANT_KEY_REVOKE_PATH.replace(':tenantId', encodeURIComponent(tenantId)).replace(':keyId', encodeURIComponent(keyId));
}

/** The disable path of one tenant. */
export function adminTenantDisablePath(tenantId: string): string {
  return ADMIN_TENANT_DISABLE_PATH.replace(':tenantId', encodeURIComponent(tenantId));
}

/** `GET` lists the shard map, `POST { shardId, region?, weight?, endpoints? }` adds a shard. */
export const ADMIN_SHARDS_PATH = '/admin/v1/shards';
/** `POST` drains the shard: no new tenants are placed on it. */
export const ADMIN_SHARD_DRAIN_PATH = '/admin/v1/shards/:shardId/drain';

/** The drain path of one shard. */
export function adminShardDrainPath(shardId: number): string {
  return ADMIN_SHARD_DRAIN_PATH.replace(':shardId', String(shardId));
}

/** The keys path of one tenant. */
export function adminTenantKeysPath(tenantId: string): string {
  return ADMIN_TENANT_KEYS_PATH.replace(':tenantId', encodeURIComponent(tenantId));
}

/** What the admin routes act on, and the one token they accept. */
export interface AdminRouteOptions {
  catalog: Catalog;
  token: string;
}

// Keys are in these bodies: nothing on the way may keep them.
const NO_STORE = { 'cache-control': 'no-store' };

/**
 * The admin API of a server that holds the embedded catalog, for the CLI while the server runs:
 * every call needs `authorization: Bearer <token>` (401 JSON otherwise); catalog outcomes map to
 * 400 (bad id), 404 (unknown tenant or shard) and 409 (tenant or shard exists, no active shard
 * in the tenant's region).
 *
 * @example const routes = adminRoutes({ catalog, token: newAdminToken() });
 */
export function adminRoutes(options: AdminRouteOptions): Route[] {
  const admin = catalogAdminClient(options.catalog);
  const guarded =
    (handler: (request: HttpRequest) => Promise<HttpResponse>) =>
    async (request: HttpRequest): Promise<HttpResponse> => {
      if (!adminTokenMatches(bearerTokenOf(request.headers['authorization']), options.token)) {
        throw new HttpError(401, 'unauthenticated', 'missing or wrong admin token (authorization: Bearer <token>)');
      }
      try {
        return await handler(request);
      } catch (error) {
        throw httpErrorOf(error);
      }
    };
  return [
    { method: 'GET', path: ADMIN_TENANTS_PATH, handler: guarded(async () => jsonResponse(200, { tenants: await admin.listTenants() })) },
    {
      method: 'POST',
      path: ADMIN_TENANTS_PATH,
      handler: guarded(async (request) => {
        const body = bodyOf(request);
        const homeRegion = stringField(body, 'homeRegion', false);
        const residency = stringField(body, 'residency', false);
        const placement = { ...(homeRegion === undefined ? {} : { homeRegion }), ...(residency === undefined ? {} : { residency }) };
        return jsonResponse(201, await admin.createTenant(stringField(body, 'tenantId', true) as string, placement), NO_STORE);
      }),
    },
    { method: 'GET', path: ADMIN_SHARDS_PATH, handler: guarded(async () => jsonResponse(200, { shards: await admin.listShards() })) },
    { method: 'POST', path: ADMIN_SHARDS_PATH, handler: guarded(async (request) => jsonResponse(201, await admin.addShard(shardInputOf(bodyOf(request))))) },
    {
      method: 'POST',
      path: ADMIN_SHARD_DRAIN_PATH,
      handler: guarded(async (request) => {
        const shardId = Number(request.params['shardId']);
        if (!Number.isSafeInteger(shardId) || shardId < 0) throw new HttpError(400, 'bad_request', 'shardId: expected a non-negative integer');
        return jsonResponse(200, await admin.drainShard(shardId));
      }),
    },
    {
      method: 'POST',
      path: ADMIN_TENANT_KEYS_PATH,
      handler: guarded(async (request) => {
        const label = stringField(bodyOf(request), 'label', false) ?? DEFAULT_KEY_LABEL.keyCreate;
        return jsonResponse(201, await admin.createKey(request.params['tenantId'] ?? '', label), NO_STORE);
      }),
    },
    {
      method: 'GET',
      path: ADMIN_TENANT_KEYS_PATH,
      handler: guarded(async (request) => jsonResponse(200, { keys: await admin.listKeys(request.params['tenantId'] ?? '') })),
    },
    {
      method: 'POST',
      path: ADMIN_TENANT_KEY_REVOKE_PATH,
      handler: guarded(async (request) => {
        const afterMs = bodyOf(request)['afterMs'] ?? 0;
        if (typeof afterMs !== 'number' || !Number.isFinite(afterMs) || afterMs < 0)
          throw new HttpError(400, 'bad_request', 'afterMs: expected milliseconds, zero or more');
        const { tenantId = '', keyId = '' } = request.params;
        if (!(await admin.revokeKey(tenantId, keyId, afterMs))) throw new HttpError(404, 'unknown_key', `tenant "${tenantId}" has no live key ${keyId}`);
        return jsonResponse(200, { tenantId, keyId, revoked: true });
      }),
    },
    {
      method: 'POST',
      path: ADMIN_TENANT_DISABLE_PATH,
      handler: guarded(async (request) => {
        const tenantId = request.params['tenantId'] ?? '';
        await admin.disableTenant(tenantId);
        return jsonResponse(200, { tenantId, disabled: true });
      }),
    },
  ];
}

/** The catalog's expected outcomes as HTTP; anything else stays an error (500, logged). */
function httpErrorOf(error: unknown): unknown {
  if (error instanceof TenantExistsError) return new HttpError(409, 'tenant_exists', error.message);
  if (error instanceof ShardExistsError) return new HttpError(409, 'shard_exists', error.message);
  if (error instanceof NoActiveShardError) return new HttpError(409, 'no_active_shard', error.message);
  if (error instanceof UnknownTenantError) return new HttpError(404, 'unknown_tenant', error.message);
  if (error instanceof UnknownShardError) return new HttpError(404, 'unknown_shard', error.message);
  if (error instanceof InvalidCatalogInputError) return new HttpError(400, 'bad_request', error.message);
  return error;
}

function bodyOf(request: HttpRequest): Record<string, unknown> {
  if (request.body.byteLength === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(request.body).toString('utf8'));
  } catch {
    throw new HttpError(400, 'bad_request', 'the body is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, 'bad_request', 'the body must be a JSON object');
  return value as Record<string, unknown>;
}

function stringField(body: Record<string, unknown>, field: string, required: boolean): string | undefined {
  const value = body[field];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string') throw new HttpError(400, 'bad_request', `${field}: expected a string`);
  return value;
}

/** A shard to add, as the JSON body names it; the catalog checks the values themselves. */
function shardInputOf(body: Record<string, unknown>): ShardInput {
  const { shardId, weight } = body;
  if (typeof shardId !== 'number') throw new HttpError(400, 'bad_request', 'shardId: expected a number');
  if (weight !== undefined && typeof weight !== 'number') throw new HttpError(400, 'bad_request', 'weight: expected a number');
  const region = stringField(body, 'region', false);
  const name = stringField(body, 'name', false);
  const rawEndpoints = body['endpoints'] ?? {};
  if (typeof rawEndpoints !== 'object' || rawEndpoints === null || Array.isArray(rawEndpoints)) {
    throw new HttpError(400, 'bad_request', 'endpoints: expected an object');
  }
  const endpointFields = rawEndpoints as Record<string, unknown>;
  const endpoints: NonNullable<ShardInput['endpoints']> = {};
  for (const field of ['ingestUrl', 'queryUrl', 'lambdaQualifier'] as const) {
    const value = stringField(endpointFields, field, false);
    if (value !== undefined) endpoints[field] = value;
  }
  return {
    shardId,
    endpoints,
    ...(region === undefined ? {} : { region }),
    ...(name === undefined ? {} : { name }),
    ...(weight === undefined ? {} : { weight }),
  };
}
