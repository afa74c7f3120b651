import { ContentType, type IngestFormat, type Signal } from '@prism/contract';
import { parseContentType } from '@prism/otlp';
import { HttpError, httpError, type ApiKeyGateway, type HttpRequest, type HttpResponse, type RequestContext, type Route } from '@prism/server';
import type { IngestService } from '../core/ingest-service';
import type { IngestOutcome } from '../core/ingest-outcome';
import { decodeContentEncoding } from './content-encoding';
import { ingestErrorResponse } from './ingest-error-response';
import { outcomeHttpError } from './outcome-error';

/** What the ingest endpoints need. */
export interface IngestRouteOptions {
  service: IngestService;
  /** The edge's API-key authentication (401, or 503 when the catalog is down). */
  gateway: Pick<ApiKeyGateway, 'authenticate'>;
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
    ...signal.ingest.extraFormats.map((format): Route => ({
      method: 'POST',
      path: format.path,
      handler: (request, context) => handle(options, signal, format, request, context),
    })),
  ]);
}

async function handle(
  options: IngestRouteOptions,
  signal: Signal,
  format: IngestFormat | undefined,
  request: HttpRequest,
  context: RequestContext,
): Promise<HttpResponse> {
  try {
    return await serve(options, signal, format, request, context);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    return ingestErrorResponse(format === undefined ? 'otlp' : 'json', request.headers['content-type'], error, context.logger);
  }
}

async function serve(
  options: IngestRouteOptions,
  signal: Signal,
  format: IngestFormat | undefined,
  request: HttpRequest,
  context: RequestContext,
): Promise<HttpResponse> {
  const header = request.headers['content-type'];
  const tenant = await options.gateway.authenticate(request, context);

  const contentType = parseContentType(header ?? '');
  const accepted = format?.contentTypes ?? signal.ingest.contentTypes;
  if (contentType === undefined || !accepted.includes(contentType)) {
    throw httpError(415, `unsupported Content-Type "${header ?? ''}"; use ${accepted.join(' or ')}`);
  }

  const idempotencyKey = request.headers['idempotency-key'];
  if (idempotencyKey !== undefined && idempotencyKey.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw httpError(400, `Idempotency-Key is longer than ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`);
  }

  const throttled = options.service.throttle(tenant.tenantId);
  if (throttled !== undefined) return respond(throttled, signal, format, contentType);

  const limits = options.service.options.limitsFor(tenant.tenantId);
  const decoded = await decodeContentEncoding(request.body, request.headers['content-encoding'], limits.maxBodyBytes);
  if (!decoded.ok) throw httpError(decoded.status, decoded.message, decoded.status === 413 ? { connection: 'close' } : {});

  const outcome = await options.service.ingest({
    tenant,
    signal,
    ...(format === undefined ? {} : { format }),
    body: decoded.body,
    contentType,
    ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
  });
  return respond(outcome, signal, format, contentType);
}

function respond(outcome: IngestOutcome, signal: Signal, format: IngestFormat | undefined, contentType: ContentType): HttpResponse {
  switch (outcome.kind) {
    case 'accepted':
    case 'duplicate':
      // Zipkin's API answers 202 with no body; OTLP answers 200 with the Export…ServiceResponse.
      if (format !== undefined) return { status: 202 };
      return { status: 200, headers: { 'content-type': contentType }, body: signal.ingest.encodeExportResponse(outcome.partialSuccess, contentType) };
    default:
      throw outcomeHttpError(outcome);
  }
}
