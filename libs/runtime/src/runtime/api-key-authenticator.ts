import type { TenantGateway } from '@prism/ingest';
import { HttpError, type HttpRequest } from '@prism/server';

/** API header that carries the tenant's key, as for ingest. */
export const API_KEY_HEADER = 'x-api-key';

/**
 * Turns the gateway into a route `authenticate`: the tenant id of the request's `x-api-key`, or an
 * HttpError 401 (missing or unknown key) / 503 (catalog unreachable; not the client's fault).
 *
 * @example queryRoutes({ engine, authenticate: apiKeyAuthenticator(gateway) })
 */
export function apiKeyAuthenticator(gateway: Pick<TenantGateway, 'authenticate'>): (request: HttpRequest) => Promise<string> {
  return async (request) => {
    let authentication;
    try {
      authentication = await gateway.authenticate(request.headers[API_KEY_HEADER]);
    } catch {
      throw new HttpError(503, 'unavailable', 'the catalog is unreachable; retry later', { 'retry-after': '5' });
    }
    if (!authentication.ok) {
      throw new HttpError(401, 'unauthenticated', authentication.reason === 'missing' ? `missing ${API_KEY_HEADER} header` : 'unknown or revoked API key');
    }
    return authentication.tenant.tenantId;
  };
}
