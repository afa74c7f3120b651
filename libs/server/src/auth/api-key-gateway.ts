import type { AuthenticatedTenant } from '@prism/contract';
import { unavailableError } from '../http/error-mapping';
import { HttpError } from '../http/http-error';
import type { IncomingRequest, RequestContext } from '../http/http-types';
import type { ApiKeyLookup, KeyRejection } from './api-key-lookup';

/** Request header that carries the tenant's API key, on ingest and query alike. */
export const API_KEY_HEADER = 'x-api-key';

/** The other place a key may come: `Authorization: Bearer <key>` (the Collector's `bearertokenauth` extension). */
export const AUTHORIZATION_HEADER = 'authorization';

const BEARER = /^bearer\s+(\S+)\s*$/i;

/**
 * The key a request presents: `x-api-key`, else the token of `Authorization: Bearer`; empty when
 * neither is sent (another Authorization scheme counts as no key).
 */
export function presentedApiKey(headers: Readonly<Record<string, string | undefined>>): string {
  const key = headers[API_KEY_HEADER]?.trim() ?? '';
  if (key !== '') return key;
  return BEARER.exec(headers[AUTHORIZATION_HEADER] ?? '')?.[1] ?? '';
}

/** Why a request was not authenticated, as logged. */
export type AuthenticationFailure = 'missing' | KeyRejection;

// The client learns only whether a key was sent; the log line says which rejection it was.
const MESSAGE: Readonly<Record<AuthenticationFailure, string>> = {
  missing: `missing ${API_KEY_HEADER} header`,
  malformed: 'unknown or revoked API key',
  unknown: 'unknown or revoked API key',
};

// A real key's first 12 characters are its catalog display prefix (`prism_` + 6); of anything else
// at most a quarter is logged, so a secret pasted into the wrong header is not written out.
const LOGGED_PREFIX_LENGTH = 12;

/** The part of a presented key safe to log. */
export function loggablePrefixOf(key: string): string {
  return key.slice(0, Math.min(LOGGED_PREFIX_LENGTH, Math.floor(key.length / 4)));
}

/**
 * The edge's API-key authentication, for ingest, query and every other tenant endpoint: the
 * request's `x-api-key` (or `Authorization: Bearer <key>`) → {@link AuthenticatedTenant}, or an HttpError: 401 `unauthenticated` (missing,
 * malformed or unknown key; one warn line `authentication failed` with the reason and the key's
 * non-secret prefix), 503 `unavailable` with Retry-After 1 when the lookup fails (the catalog is
 * down: not the client's fault, so not a 401).
 *
 * @example
 * const gateway = new ApiKeyGateway(new CachedApiKeyLookup(catalog));
 * const routes = queryRoutes({ engine, authenticate: gateway.authenticate });
 */
export class ApiKeyGateway {
  constructor(private readonly keys: ApiKeyLookup) {}

  /** The tenant of a request; bound, so it can be handed around as a function. */
  readonly authenticate = async (request: Pick<IncomingRequest, 'headers'>, context: Pick<RequestContext, 'logger'>): Promise<AuthenticatedTenant> => {
    const key = presentedApiKey(request.headers);
    if (key === '') throw this.rejected('missing', key, context);
    let result;
    try {
      result = await this.keys.lookup(key);
    } catch (error) {
      context.logger.error('API key lookup failed', { error });
      throw unavailableError('the catalog is unavailable; retry');
    }
    if (!result.found) throw this.rejected(result.reason, key, context);
    return result.tenant;
  };

  private rejected(reason: AuthenticationFailure, key: string, context: Pick<RequestContext, 'logger'>): HttpError {
    context.logger.warn('authentication failed', { reason, ...(key === '' ? {} : { keyPrefix: loggablePrefixOf(key) }) });
    return new HttpError(401, 'unauthenticated', MESSAGE[reason]);
  }
}
