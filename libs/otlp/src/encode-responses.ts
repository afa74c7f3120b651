import { ContentType } from '@prism/contract';
import type protobuf from 'protobufjs';
import { otlpTypes } from './proto/otlp-types';

/** What the server rejected of a request; absent for a full success. */
export interface PartialSuccess {
  /** Records rejected (spans, log records or data points). */
  rejected: number | bigint;
  /** Why, for humans; may be set with `rejected` 0 as a warning. */
  errorMessage: string;
}

/** One `google.protobuf.Any` in a Status's details. */
export interface StatusDetail {
  typeUrl: string;
  value: Uint8Array;
}

/** A `google.rpc.Status`, the body of OTLP/HTTP error responses. */
export interface RpcStatus {
  /** A google.rpc.Code, e.g. 3 (INVALID_ARGUMENT). */
  code: number;
  message: string;
  details?: StatusDetail[];
}

const utf8 = new TextEncoder();

function encodeResponse(type: protobuf.Type, rejectedField: string, partialSuccess: PartialSuccess | undefined, contentType: ContentType): Uint8Array {
  if (contentType === ContentType.json) {
    // proto3 JSON: int64 as a decimal string, default-valued fields omitted.
    const json: Record<string, unknown> = {};
    if (partialSuccess !== undefined) {
      const body: Record<string, string> = {};
      if (BigInt(partialSuccess.rejected) !== 0n) body[rejectedField] = BigInt(partialSuccess.rejected).toString();
      if (partialSuccess.errorMessage !== '') body.errorMessage = partialSuccess.errorMessage;
      json.partialSuccess = body;
    }
    return utf8.encode(JSON.stringify(json));
  }
  if (partialSuccess === undefined) return type.encode(type.create({})).finish();
  const message = type.fromObject({
    partialSuccess: { [rejectedField]: BigInt(partialSuccess.rejected).toString(), errorMessage: partialSuccess.errorMessage },
  });
  return type.encode(message).finish();
}

/**
 * The body of an OTLP/HTTP traces response in the request's encoding.
 *
 * @example encodeTracesResponse({ rejected: 2, errorMessage: 'spans[3].traceId: expected hex' }, 'application/json')
 */
export function encodeTracesResponse(partialSuccess: PartialSuccess | undefined, contentType: ContentType): Uint8Array {
  return encodeResponse(otlpTypes().traceResponse, 'rejectedSpans', partialSuccess, contentType);
}

/** The body of an OTLP/HTTP logs response in the request's encoding. */
export function encodeLogsResponse(partialSuccess: PartialSuccess | undefined, contentType: ContentType): Uint8Array {
  return encodeResponse(otlpTypes().logsResponse, 'rejectedLogRecords', partialSuccess, contentType);
}

/** The body of an OTLP/HTTP metrics response in the request's encoding. */
export function encodeMetricsResponse(partialSuccess: PartialSuccess | undefined, contentType: ContentType): Uint8Array {
  return encodeResponse(otlpTypes().metricsResponse, 'rejectedDataPoints', partialSuccess, contentType);
}

/**
 * A `google.rpc.Status` error body in the request's encoding. In JSON a detail is written as
 * `{ "@type": typeUrl, "value": base64 }`, since Prism does not know the detail's message type.
 */
export function encodeStatus(status: RpcStatus, contentType: ContentType): Uint8Array {
  const details = status.details ?? [];
  if (contentType === ContentType.json) {
    const json: Record<string, unknown> = {};
    if (status.code !== 0) json.code = status.code;
    if (status.message !== '') json.message = status.message;
    if (details.length > 0) {
      json.details = details.map((detail) => ({ '@type': detail.typeUrl, value: Buffer.from(detail.value).toString('base64') }));
    }
    return utf8.encode(JSON.stringify(json));
  }
  const type = otlpTypes().rpcStatus;
  return type.encode(type.create({ code: status.code, message: status.message, details })).finish();
}
