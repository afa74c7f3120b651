import { status as GrpcCode, Metadata, type ServiceError } from '@grpc/grpc-js';
import { ContentType } from '@prism/contract';
import { encodeStatus } from '@prism/otlp';
import { HttpError, rpcCodeOf } from '@prism/server';
import protobuf from 'protobufjs';

/** Trailer that carries a binary `google.rpc.Status` with details (the gRPC richer error model). */
export const STATUS_DETAILS_TRAILER = 'grpc-status-details-bin';

/** Type URL of `google.rpc.RetryInfo` inside a `google.protobuf.Any`. */
export const RETRY_INFO_TYPE_URL = 'type.googleapis.com/google.rpc.RetryInfo';

/** `google.rpc.RetryInfo { google.protobuf.Duration retry_delay = 1; }` with Duration `{ int64 seconds = 1; int32 nanos = 2; }`. */
export function encodeRetryInfo(delayMs: number): Uint8Array {
  const wholeMs = Math.max(0, Math.ceil(delayMs));
  const seconds = Math.floor(wholeMs / 1000);
  const nanos = (wholeMs % 1000) * 1_000_000;
  const writer = protobuf.Writer.create()
    .uint32((1 << 3) | 2)
    .fork();
  if (seconds > 0) writer.uint32((1 << 3) | 0).int64(seconds);
  if (nanos > 0) writer.uint32((2 << 3) | 0).int32(nanos);
  return writer.ldelim().finish();
}

/** A gRPC status for the client: the code, its message, and for retryable ones the delay to wait. */
export interface GrpcFailure {
  code: GrpcCode;
  message: string;
  retryAfterMs?: number;
}

/**
 * An HttpError from the shared error mapping (gateway, ingest outcome) as OTLP/gRPC answers it:
 * the same google.rpc.Code OTLP/HTTP puts in its Status body (401 → UNAUTHENTICATED, 400 →
 * INVALID_ARGUMENT, 429 → RESOURCE_EXHAUSTED, 503 → UNAVAILABLE, …); a `Retry-After` becomes a
 * RetryInfo, which is what tells an OTLP client that RESOURCE_EXHAUSTED may be retried.
 */
export function grpcFailureOf(error: HttpError): GrpcFailure {
  const retryAfter = error.headers['retry-after'];
  const seconds = retryAfter === undefined ? Number.NaN : Number(retryAfter);
  return {
    code: rpcCodeOf(error.status) as GrpcCode,
    message: error.message,
    ...(Number.isFinite(seconds) ? { retryAfterMs: seconds * 1000 } : {}),
  };
}

/** The ServiceError grpc-js sends: status, message and, with a retry delay, the details trailer. */
export function serviceErrorOf(failure: GrpcFailure): Partial<ServiceError> {
  const metadata = new Metadata();
  if (failure.retryAfterMs !== undefined) {
    const details = [{ typeUrl: RETRY_INFO_TYPE_URL, value: encodeRetryInfo(failure.retryAfterMs) }];
    metadata.set(STATUS_DETAILS_TRAILER, Buffer.from(encodeStatus({ code: failure.code, message: failure.message, details }, ContentType.protobuf)));
  }
  return { code: failure.code, details: failure.message, metadata };
}

/** Whether an error is one of the mapped client-facing errors (anything else is a bug). */
export function isHttpError(error: unknown): error is HttpError {
  return error instanceof HttpError;
}
