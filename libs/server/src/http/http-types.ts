import type { Logger } from '../logging/json-logger';

/** Methods a route may be registered for (HEAD is answered by GET routes). */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

/** A request as every transport (node:http, Lambda) hands it to the router: body fully read. */
export interface IncomingRequest {
  method: string;
  /** Path without the query string, still percent-encoded. */
  path: string;
  query: URLSearchParams;
  /** Header names lower-cased; repeated headers joined with ", ". */
  headers: Readonly<Record<string, string>>;
  body: Uint8Array;
}

/** What a handler receives: the request plus the `:name` segments its route matched, decoded. */
export interface HttpRequest extends IncomingRequest {
  params: Readonly<Record<string, string>>;
}

export interface HttpResponse {
  status: number;
  headers?: Readonly<Record<string, string>>;
  body?: Uint8Array | string;
}

/** Per-request services for handlers. */
export interface RequestContext {
  /** Bound to this request's id, method and path. */
  logger: Logger;
  requestId: string;
}

export type RouteHandler = (request: HttpRequest, context: RequestContext) => HttpResponse | Promise<HttpResponse>;

/** One endpoint: `path` is literal segments and `:name` parameters, e.g. `/api/v2/trace/:traceId`. */
export interface Route {
  method: HttpMethod;
  path: string;
  handler: RouteHandler;
}

/** A JSON response with the right content type. */
export function jsonResponse(status: number, value: unknown, headers: Readonly<Record<string, string>> = {}): HttpResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(value),
  };
}
