// Test helpers for libraries that consume @prism/otlp, imported as `@prism/otlp/testing`.
import type { ExportLogsServiceRequest, ExportMetricsServiceRequest, ExportTraceServiceRequest } from './model';
import { otlpTypes } from './proto/otlp-types';
import { modelToProtobufObject } from './test-support/model-to-protobuf';
import type protobuf from 'protobufjs';

function encode(type: protobuf.Type, model: unknown): Uint8Array {
  return type.encode(type.fromObject(modelToProtobufObject(model) as Record<string, unknown>)).finish();
}

/** A decoded traces request encoded back to OTLP protobuf, e.g. to check both encodings give the same rows. */
export function encodeTracesRequestProtobuf(request: ExportTraceServiceRequest): Uint8Array {
  return encode(otlpTypes().traceRequest, request);
}

/** A decoded logs request encoded back to OTLP protobuf. */
export function encodeLogsRequestProtobuf(request: ExportLogsServiceRequest): Uint8Array {
  return encode(otlpTypes().logsRequest, request);
}

/** A decoded metrics request encoded back to OTLP protobuf. */
export function encodeMetricsRequestProtobuf(request: ExportMetricsServiceRequest): Uint8Array {
  return encode(otlpTypes().metricsRequest, request);
}
