import { ContentType, DecodeError, type DecodeResult, type ValidationIssue } from '@prism/contract';
import type protobuf from 'protobufjs';
import { parseContentType } from './content-type';
import { tracesFromJson } from './json/json-traces';
import { logsFromJson } from './json/json-logs';
import { metricsFromJson } from './json/json-metrics';
import { isObject, type JsonObject } from './json/json-fields';
import type { ExportLogsServiceRequest, ExportMetricsServiceRequest, ExportTraceServiceRequest } from './model';
import { otlpTypes } from './proto/otlp-types';
import { tracesFromProtobuf } from './protobuf/protobuf-traces';
import { logsFromProtobuf } from './protobuf/protobuf-logs';
import { metricsFromProtobuf } from './protobuf/protobuf-metrics';
import type { PbLogsRequest, PbMetricsRequest, PbTraceRequest } from './protobuf/protobuf-messages';
import { ShapeError } from './shape-error';

/** How one signal's request is read from each encoding. */
interface RequestCodec<Model> {
  protobufType: () => protobuf.Type;
  fromProtobuf: (message: never, issues: ValidationIssue[]) => Model;
  fromJson: (root: JsonObject, issues: ValidationIssue[]) => Model;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeRequest<Model>(codec: RequestCodec<Model>, body: Uint8Array, contentType: string): DecodeResult<Model> {
  const encoding = parseContentType(contentType);
  if (encoding === undefined) {
    return { ok: false, error: new DecodeError(`unsupported content type "${contentType}"`, 'Content-Type') };
  }
  const issues: ValidationIssue[] = [];
  try {
    if (encoding === ContentType.protobuf) {
      const message = decodeProtobuf(codec.protobufType(), body);
      if (message instanceof DecodeError) return { ok: false, error: message };
      return { ok: true, value: codec.fromProtobuf(message as never, issues), issues };
    }
    const root = parseJson(body);
    if (root instanceof DecodeError) return { ok: false, error: root };
    return { ok: true, value: codec.fromJson(root, issues), issues };
  } catch (error) {
    // A ShapeError that reaches here is a malformed top level (e.g. `resourceSpans` not an array).
    if (error instanceof ShapeError) return { ok: false, error: new DecodeError(error.reason, error.path) };
    if (error instanceof RangeError) return { ok: false, error: new DecodeError(`request too deeply nested (${error.message})`) };
    throw error;
  }
}

function decodeProtobuf(type: protobuf.Type, body: Uint8Array): unknown {
  try {
    return type.decode(body);
  } catch (error) {
    // protobufjs reports truncated input, bad wire types and nesting limits as plain Errors with the reader position.
    const message = error instanceof Error ? error.message : String(error);
    return new DecodeError(`invalid protobuf: ${message}`);
  }
}

function parseJson(body: Uint8Array): JsonObject | DecodeError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8.decode(body));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return new DecodeError(`invalid JSON: ${message}`);
  }
  if (!isObject(parsed)) return new DecodeError(`expected a JSON object at the top level, got ${Array.isArray(parsed) ? 'array' : typeof parsed}`);
  return parsed;
}

const traces: RequestCodec<ExportTraceServiceRequest> = {
  protobufType: () => otlpTypes().traceRequest,
  fromProtobuf: (message: PbTraceRequest, issues) => tracesFromProtobuf(message, issues),
  fromJson: tracesFromJson,
};

const logs: RequestCodec<ExportLogsServiceRequest> = {
  protobufType: () => otlpTypes().logsRequest,
  fromProtobuf: (message: PbLogsRequest, issues) => logsFromProtobuf(message, issues),
  fromJson: logsFromJson,
};

const metrics: RequestCodec<ExportMetricsServiceRequest> = {
  protobufType: () => otlpTypes().metricsRequest,
  fromProtobuf: (message: PbMetricsRequest, issues) => metricsFromProtobuf(message, issues),
  fromJson: metricsFromJson,
};

/**
 * Decodes an OTLP/HTTP `/v1/traces` body (protobuf or JSON, chosen by `contentType`). Malformed
 * spans are dropped and listed in `issues`; an unreadable body is `{ ok: false }`.
 *
 * @example
 * const result = decodeTracesRequest(body, 'application/x-protobuf');
 * if (result.ok) for (const rs of result.value.resourceSpans) ...
 */
export function decodeTracesRequest(body: Uint8Array, contentType: string): DecodeResult<ExportTraceServiceRequest> {
  return decodeRequest(traces, body, contentType);
}

/** Decodes an OTLP/HTTP `/v1/logs` body; malformed log records are dropped and listed in `issues`. */
export function decodeLogsRequest(body: Uint8Array, contentType: string): DecodeResult<ExportLogsServiceRequest> {
  return decodeRequest(logs, body, contentType);
}

/** Decodes an OTLP/HTTP `/v1/metrics` body; malformed data points are dropped and listed in `issues`. */
export function decodeMetricsRequest(body: Uint8Array, contentType: string): DecodeResult<ExportMetricsServiceRequest> {
  return decodeRequest(metrics, body, contentType);
}
