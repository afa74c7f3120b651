import { jsonResponse, type HttpResponse, type IncomingRequest } from './http-types';
import type { Router } from './router';

/** Request headers a browser may send cross-origin: those of OTLP/HTTP exporters, plus idempotency. */
export const CORS_ALLOWED_HEADERS = 'content-type, content-encoding, x-api-key, authorization, idempotency-key';

/** Methods the API answers cross-origin. */
export const CORS_ALLOWED_METHODS = 'GET, POST, OPTIONS';

/** How long a browser may cache a preflight answer (seconds). */
export const CORS_MAX_AGE_SECONDS = 86_400;

// Response headers a page's script may read: the throttling hint and the id to quote in a report.
const EXPOSED_HEADERS = 'retry-after, x-request-id';

/**
 * CORS on a router: a preflight (`OPTIONS` with `Access-Control-Request-Method`) from an allowed
 * origin gets 204 with the allowed methods, headers and max-age; one from another origin 403; every
 * other response to an allowed origin carries `Access-Control-Allow-Origin`. `['*']` allows any
 * origin; an empty list leaves the router as it is. No credentials mode: the API key travels in a
 * header, never in a cookie.
 *
 * @example const router = withCors(createRouter(routes), ['https://app.example.com']);
 */
export function withCors(router: Router, allowedOrigins: readonly string[]): Router {
  if (allowedOrigins.length === 0) return router;
  const anyOrigin = allowedOrigins.includes('*');
  const allowed = new Set(allowedOrigins);
  const allowOriginOf = (origin: string | undefined): string | undefined =>
    origin === undefined ? undefined : anyOrigin ? '*' : allowed.has(origin) ? origin : undefined;
  return {
    templateOf: (path) => router.templateOf(path),
    async dispatch(request, context) {
      const origin = request.headers['origin'];
      const allowOrigin = allowOriginOf(origin);
      if (isPreflight(request)) {
        if (allowOrigin === undefined)
          return jsonResponse(403, { error: { code: 'forbidden', message: `origin ${origin ?? '(none)'} is not allowed` } }, { vary: 'origin' });
        return {
          status: 204,
          headers: {
            'access-control-allow-origin': allowOrigin,
            'access-control-allow-methods': CORS_ALLOWED_METHODS,
            'access-control-allow-headers': CORS_ALLOWED_HEADERS,
            'access-control-max-age': String(CORS_MAX_AGE_SECONDS),
            vary: 'origin',
          },
        };
      }
      const response = await router.dispatch(request, context);
      return allowOrigin === undefined ? response : withAllowOrigin(response, allowOrigin);
    },
  };
}

function isPreflight(request: IncomingRequest): boolean {
  return request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined;
}

function withAllowOrigin(response: HttpResponse, allowOrigin: string): HttpResponse {
  return {
    ...response,
    headers: { ...response.headers, 'access-control-allow-origin': allowOrigin, 'access-control-expose-headers': EXPOSED_HEADERS, vary: 'origin' },
  };
}
