import { performance } from 'node:perf_hooks';
import { errorResponse } from '../http/error-mapping';
import { HttpError } from '../http/http-error';
import type { HttpResponse, IncomingRequest, Route } from '../http/http-types';
import { logRequest } from '../http/request-log';
import { UNMATCHED_ROUTE, type RequestObserver } from '../http/request-observer';
import { createRouter } from '../http/router';
import { createLogger } from '../logging/json-logger';
import type { Logger } from '../logging/json-logger';
import type { ApiGatewayV2Event, ApiGatewayV2Result } from './api-gateway-v2';

export interface LambdaHandlerOptions {
  logger: Logger;
  /** Largest decoded body accepted (API Gateway itself stops at 10 MB). */
  maxBodyBytes: number;
  /** Told about every finished request (metrics); none by default. */
  observer?: RequestObserver;
}

/** Defaults: a logger at info on stdout (CloudWatch), a 10 MiB body limit. */
export function defaultLambdaHandlerOptions(): LambdaHandlerOptions {
  return { logger: createLogger(), maxBodyBytes: 10 * 1024 * 1024 };
}

/** An AWS Lambda handler for API Gateway HTTP API events. */
export type LambdaHandler = (event: ApiGatewayV2Event) => Promise<ApiGatewayV2Result>;

// Bodies of these types go back as text; anything else (protobuf, Arrow) is base64.
const TEXT_TYPES = /^(text\/|application\/(json|problem\+json|x-ndjson|xml|javascript)\b)/i;

/**
 * Serves `routes` from Lambda: the event becomes the same request the node:http server builds,
 * and the router's response is turned back into an API Gateway result.
 *
 * @example
 * export const handler = createLambdaHandler(healthRoutes());
 */
export function createLambdaHandler(routes: readonly Route[], options: Partial<LambdaHandlerOptions> = {}): LambdaHandler {
  const { logger, maxBodyBytes, observer } = { ...defaultLambdaHandlerOptions(), ...options };
  const router = createRouter(routes);
  return async (event) => {
    const started = performance.now();
    const requestId = event.requestContext.requestId;
    const requestLogger = logger.child({ requestId });
    const path = pathOf(event);
    let response: HttpResponse;
    try {
      response = await router.dispatch(toRequest(event, path, maxBodyBytes), { logger: requestLogger, requestId });
    } catch (error) {
      response = errorResponse(error, requestLogger);
    }
    const method = event.requestContext.http.method;
    const durationMs = performance.now() - started;
    logRequest(requestLogger, { method, path, status: response.status, durationMs });
    observer?.requestFinished({ method, route: router.templateOf(path) ?? UNMATCHED_ROUTE, status: response.status, durationSeconds: durationMs / 1000 });
    return toResult(response, requestId);
  };
}

function toRequest(event: ApiGatewayV2Event, path: string, maxBodyBytes: number): IncomingRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  // HTTP APIs move cookies out of the headers; put them back where handlers expect them.
  if (event.cookies && event.cookies.length > 0) headers.cookie = event.cookies.join('; ');
  const body = event.body === undefined ? new Uint8Array() : Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
  if (body.length > maxBodyBytes) {
    throw new HttpError(413, 'payload_too_large', `Request body exceeds ${maxBodyBytes} bytes`);
  }
  return { method: event.requestContext.http.method, path, query: new URLSearchParams(event.rawQueryString), headers, body };
}

// On a named stage rawPath starts with `/<stage>`; routes are written without it.
function pathOf(event: ApiGatewayV2Event): string {
  const { stage } = event.requestContext;
  const prefix = `/${stage}`;
  if (stage === '$default' || !event.rawPath.startsWith(prefix)) return event.rawPath;
  const rest = event.rawPath.slice(prefix.length);
  if (rest === '') return '/';
  return rest.startsWith('/') ? rest : event.rawPath;
}

function toResult(response: HttpResponse, requestId: string): ApiGatewayV2Result {
  const headers: Record<string, string> = { ...response.headers, 'x-request-id': requestId };
  const body = response.body ?? '';
  const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const asText = bytes.length === 0 || TEXT_TYPES.test(headers['content-type'] ?? '');
  return { statusCode: response.status, headers, body: bytes.toString(asText ? 'utf8' : 'base64'), isBase64Encoded: !asText };
}
