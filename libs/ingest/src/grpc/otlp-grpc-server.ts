import { Server, ServerCredentials, status as GrpcCode, type Metadata, type ServerUnaryCall, type ServiceDefinition, type sendUnaryData } from '@grpc/grpc-js';
import { ContentType, type Signal } from '@prism/contract';
import type { ApiKeyGateway, Logger } from '@prism/server';
import type { IngestService } from '../core/ingest-service';
import { MAX_IDEMPOTENCY_KEY_LENGTH } from '../http/ingest-routes';
import { outcomeHttpError } from '../http/outcome-error';
import { grpcFailureOf, isHttpError, serviceErrorOf, type GrpcFailure } from './grpc-status';
import { otlpGrpcMethods } from './otlp-grpc-services';

/** What the OTLP/gRPC server needs: the same ingest core and gateway as the HTTP routes. */
export interface OtlpGrpcServerOptions {
  service: IngestService;
  gateway: Pick<ApiKeyGateway, 'authenticate'>;
  /** The signal plug-ins to serve, e.g. `registeredSignals()`; those with an OTLP collector service get one. */
  signals: readonly Signal[];
  logger: Logger;
  host: string;
  /** `0` picks a free port. */
  port: number;
  /** Largest message accepted, as sent and after gzip is undone (grpc-js enforces both); larger ones get RESOURCE_EXHAUSTED. */
  maxMessageBytes: number;
  /** How long `close()` lets in-flight calls finish before cancelling them. */
  shutdownTimeoutMs: number;
}

/** A running OTLP/gRPC server. */
export interface OtlpGrpcServerHandle {
  readonly address: { host: string; port: number; /** `host:port`, as a gRPC client's target. */ target: string };
  /** Stops taking calls, lets in-flight ones finish for up to `shutdownTimeoutMs`, then cancels the rest. Idempotent. */
  close(): Promise<void>;
}

type Bytes = Buffer;
const identity = (bytes: Bytes): Bytes => bytes;

/**
 * Serves the OTLP collector services (`TraceService`, `LogsService`, `MetricsService`, method
 * `Export`) on grpc-js. Messages stay raw bytes: the Export…ServiceRequest is the same protobuf
 * OTLP/HTTP receives, so it goes to the same `IngestService` (decode, limits, idempotency, group
 * commit) with `application/x-protobuf`, and the response is the signal's Export…ServiceResponse.
 *
 * @example
 * const grpc = await startOtlpGrpcServer({ service, gateway, signals: registeredSignals(), logger, host: '127.0.0.1', port: 4317, maxMessageBytes: 64 << 20, shutdownTimeoutMs: 10_000 });
 */
export async function startOtlpGrpcServer(options: OtlpGrpcServerOptions): Promise<OtlpGrpcServerHandle> {
  const server = new Server({
    'grpc.max_receive_message_length': options.maxMessageBytes,
    'grpc.max_send_message_length': 4 * 1024 * 1024,
  });
  for (const method of otlpGrpcMethods(options.signals)) {
    const definition: ServiceDefinition = {
      Export: {
        path: method.path,
        requestStream: false,
        responseStream: false,
        requestSerialize: identity,
        requestDeserialize: identity,
        responseSerialize: identity,
        responseDeserialize: identity,
      },
    };
    server.addService(definition, {
      Export: (call: ServerUnaryCall<Bytes, Bytes>, callback: sendUnaryData<Bytes>) => void exportCall(options, method.signal, call, callback),
    });
  }

  const hostPart = options.host.includes(':') ? `[${options.host}]` : options.host;
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${hostPart}:${options.port}`, ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound)));
  });
  const address = { host: options.host, port, target: `${hostPart}:${port}` };
  options.logger.info('OTLP/gRPC listening', { target: address.target });

  let closed: Promise<void> | undefined;
  return {
    address,
    close() {
      closed ??= new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          options.logger.warn('OTLP/gRPC shutdown timeout reached: cancelling remaining calls', { timeoutMs: options.shutdownTimeoutMs });
          server.forceShutdown();
        }, options.shutdownTimeoutMs);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      return closed;
    },
  };
}

async function exportCall(options: OtlpGrpcServerOptions, signal: Signal, call: ServerUnaryCall<Bytes, Bytes>, callback: sendUnaryData<Bytes>): Promise<void> {
  const logger = options.logger.child({ grpcMethod: signal.ingest.otlpPath });
  try {
    const response = await serveExport(options, signal, call.metadata, call.request, logger);
    if ('code' in response) callback(serviceErrorOf(response));
    else callback(null, response.body);
  } catch (error) {
    if (isHttpError(error)) {
      callback(serviceErrorOf(grpcFailureOf(error)));
      return;
    }
    // A bug: logged in full, answered without internals.
    logger.error('OTLP/gRPC export failed', { error });
    callback(serviceErrorOf({ code: GrpcCode.INTERNAL, message: 'internal error' }));
  }
}

async function serveExport(
  options: OtlpGrpcServerOptions,
  signal: Signal,
  metadata: Metadata,
  body: Bytes,
  logger: Logger,
): Promise<{ body: Bytes } | GrpcFailure> {
  const headers = headersOf(metadata);
  const tenant = await options.gateway.authenticate({ headers }, { logger });

  const idempotencyKey = headers['idempotency-key'];
  if (idempotencyKey !== undefined && idempotencyKey.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    return { code: GrpcCode.INVALID_ARGUMENT, message: `idempotency-key is longer than ${MAX_IDEMPOTENCY_KEY_LENGTH} characters` };
  }

  const throttled = options.service.throttle(tenant.tenantId);
  if (throttled !== undefined) throw outcomeHttpError(throttled);

  const { maxBodyBytes } = options.service.options.limitsFor(tenant.tenantId);
  if (body.byteLength > maxBodyBytes) {
    return { code: GrpcCode.RESOURCE_EXHAUSTED, message: `request message exceeds ${maxBodyBytes} bytes after decompression` };
  }

  const outcome = await options.service.ingest({
    tenant,
    signal,
    body,
    contentType: ContentType.protobuf,
    ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
  });
  switch (outcome.kind) {
    case 'accepted':
    case 'duplicate':
      return { body: Buffer.from(signal.ingest.encodeExportResponse(outcome.partialSuccess, ContentType.protobuf)) };
    default:
      throw outcomeHttpError(outcome);
  }
}

// The gateway reads HTTP-style headers: the metadata keys it needs, as strings (binary `-bin` keys are skipped).
const FORWARDED_METADATA = ['x-api-key', 'authorization', 'idempotency-key'] as const;

function headersOf(metadata: Metadata): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_METADATA) {
    const value = metadata.get(name).find((entry): entry is string => typeof entry === 'string');
    if (value !== undefined) headers[name] = value;
  }
  return headers;
}
