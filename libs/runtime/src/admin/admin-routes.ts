import { InvalidCatalogInputError, TenantExistsError, UnknownTenantError, type Catalog } from '@prism/catalog';
import { HttpError, jsonResponse, type HttpRequest, type HttpResponse, type Route } from '@prism/server';
import { DEFAULT_KEY_LABEL, catalogAdminClient } from './admin-client';
import { adminTokenMatches, bearerTokenOf } from './admin-token';

/** `GET` lists tenants, `POST { tenantId }` creates one with its first key. */
export const ADMIN_TENANTS_PATH = '/admin/v1/tenants';
/** `POST { label? }` creates another key for the tenant. */
export const ADMIN_TENANT_KEYS_PATH = '/admin/v1/tenants/:tenantId/keys';

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
 * 400 (bad id), 404 (unknown tenant) and 409 (tenant exists).
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
      handler: guarded(async (request) => jsonResponse(201, await admin.createTenant(stringField(bodyOf(request), 'tenantId', true) as string), NO_STORE)),
    },
    {
      method: 'POST',
      path: ADMIN_TENANT_KEYS_PATH,
      handler: guarded(async (request) => {
        const label = stringField(bodyOf(request), 'label', false) ?? DEFAULT_KEY_LABEL.keyCreate;
        return jsonResponse(201, await admin.createKey(request.params['tenantId'] ?? '', label), NO_STORE);
      }),
    },
  ];
}

/** The catalog's expected outcomes as HTTP; anything else stays an error (500, logged). */
function httpErrorOf(error: unknown): unknown {
  if (error instanceof TenantExistsError) return new HttpError(409, 'tenant_exists', error.message);
  if (error instanceof UnknownTenantError) return new HttpError(404, 'unknown_tenant', error.message);
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
