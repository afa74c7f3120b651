import { ContentType, type IngestFormat, type Signal } from '@prism/contract';
import { parseContentType } from '@prism/otlp';
import type { HttpRequest, HttpResponse, RequestContext, Route } from '@prism/server';
import type { IngestService } from '../core/ingest-service';
import type { IngestOutcome } from '../core/ingest-outcome';
import type { TenantGateway } from '../gateway/tenant-gateway';
import { decodeContentEncoding } from './content-encoding';
import { ingestError, retryAfterHeader, type ErrorStyle } from './ingest-responses';

/** What the ingest endpoints need. */
export interface IngestRouteOptions {
  service: IngestService;
  gateway: TenantGateway;
  /** The signal plug-ins to serve, e.g. `registeredSignals()`. */
  signals: readonly Signal[];
}

/** Longest `Idempotency-Key` accepted. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 256;

/**
 * `POST` routes for every signal's OTLP path (`/v1/traces`, …) and extra formats (`/api/v2/spans`).
 *
 * @example
 * const routes = ingestRoutes({ service, gateway, signals: registeredSignals() });
 */
export function ingestRoutes(options: IngestRouteOptions): Route[] {
  return options.signals.flatMap((signal): Route[] => [
    { method: 'POST', path: signal.ingest.otlpPath, handler: (request, context) => handle(options, signal, undefined, request, context) },
    ...signal.ingest.extraFormats.map(
      (format): Route => ({ method: 'POST', path: format.path, handler: (request, context) => handle(options, signal, format, request, context) }),
    ),
  ]);
}

async function handle(
  options: IngestRouteOptions,
  signal: Signal,
  format: IngestFormat | undefined,
  request: HttpRequest,
  context: RequestContext,
): Promise<HttpResponse> {
  const style: ErrorStyle = format === undefined ? 'otlp' : 'json';
  const header = request.headers['content-type'];
  const fail = (status: number, message: string, headers?: Record<string, string>) => ingestError(style, header, status, message, headers);

  let authentication;
  try {
    authentication = await options.gateway.authenticate(request.headers['x-api-key']);
  } catch (error) {
    context.logger.error('API key lookup failed', { error });
    return fail(503, 'the catalog is unavailable; retry', retryAfterHeader(1000));
  }
  if (!authentication.ok) {
    return fail(401, authentication.reason === 'missing' ? 'missing x-api-key header' : 'unknown or revoked API key');
  }
  const { tenant } = authentication;

  const contentType = parseContentType(header ?? '');
  const accepted = format?.contentTypes ?? signal.ingest.contentTypes;
  if (contentType === undefined || !accepted.includes(contentType)) {
    return fail(415, `unsupported Content-Type "${header ?? ''}"; use ${accepted.join(' or ')}`);
  }

  const idempotencyKey = request.headers['idempotency-key'];
  if (idempotencyKey !== undefined && idempotencyKey.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    return fail(400, `Idempotency-Key is longer than ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`);
  }

  const throttled = options.service.throttle(tenant.tenantId);
  if (throttled !== undefined) return respond(throttled, signal, format, contentType, fail);

  const limits = options.service.options.limitsFor(tenant.tenantId);
  const decoded = await decodeContentEncoding(request.body, request.headers['content-encoding'], limits.maxBodyBytes);
  if (!decoded.ok) return fail(decoded.status, decoded.message, decoded.status === 413 ? { connection: 'close' } : {});

  const outcome = await options.service.ingest({
    tenant,
    signal,
    ...(format === undefined ? {} : { format }),
    body: decoded.body,
    contentType,
    ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
  });
  return respond(outcome, signal, format, contentType, fail);
}

function respond(
  outcome: IngestOutcome,
  signal: Signal,
  format: IngestFormat | undefined,
  contentType: ContentType,
  fail: (status: number, message: string, headers?: Record<string, string>) => HttpResponse,
): HttpResponse {
  switch (outcome.kind) {
    case 'accepted':
    case 'duplicate':
      // Zipkin's API answers 202 with no body; OTLP answers 200 with the Export…ServiceResponse.
      if (format !== undefined) return { status: 202 };
      return { status: 200, headers: { 'content-type': contentType }, body: signal.ingest.encodeExportResponse(outcome.partialSuccess, contentType) };
    case 'rejected':
      return fail(400, outcome.message);
    case 'conflict':
      return fail(422, outcome.message);
    case 'retryable':
      return fail(outcome.status, outcome.message, retryAfterHeader(outcome.retryAfterMs));
  }
}
