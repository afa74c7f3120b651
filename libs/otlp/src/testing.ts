// Test helpers for libraries that consume @prism/otlp, imported as `@prism/otlp/testing`.
import type { RowValue } from '@prism/contract';
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

/** A cell in a golden file: JSON has no bigint, bytes or infinities, so those cells are tagged. */
export type GoldenCell = string | number | boolean | { int64: string } | { bytes: string } | { double: string };

/** Rows in their golden-file form: int64 as `{ int64 }`, bytes as `{ bytes: hex }`, non-finite doubles as `{ double }`, nulls left out. */
export function toGoldenRows(rows: ReadonlyArray<Record<string, RowValue>>): Array<Record<string, GoldenCell>> {
  return rows.map((row) => {
    const golden: Record<string, GoldenCell> = {};
    for (const [column, value] of Object.entries(row)) if (value !== null) golden[column] = toGoldenCell(value);
    return golden;
  });
}

function toGoldenCell(value: Exclude<RowValue, null>): GoldenCell {
  if (typeof value === 'bigint') return { int64: value.toString() };
  if (value instanceof Uint8Array) return { bytes: Buffer.from(value).toString('hex') };
  if (typeof value === 'number' && !Number.isFinite(value)) return { double: String(value) };
  return value;
}

export {
  anyValueArbitrary,
  attributesArbitrary,
  comparableResult,
  countArbitrary,
  idArbitrary,
  noFields,
  protobufTag,
  unknownFields,
  resourceArbitrary,
  scopeArbitrary,
  textArbitrary,
} from './test-support/direct-comparison';
