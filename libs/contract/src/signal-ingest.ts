import type { RowBatch } from './row-batch-builder';
import type { DecodeResult, ValidationIssue } from './validation';

/** Media types of OTLP/HTTP bodies. */
export const ContentType = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
} as const;
export type ContentType = (typeof ContentType)[keyof typeof ContentType];

/** Who and when: what eventization stamps on every row. */
export interface EventizeContext {
  tenantId: string;
  /** Dataset to write to; a signal's default dataset when absent. */
  dataset?: string;
  /** Ingest time in nanoseconds since the epoch. */
  ingestTs: bigint;
}

/** Rows made from one request, and the records that were rejected on the way. */
export interface EventizeResult {
  batch: RowBatch;
  /** Records accepted (spans, log records, data points), not rows: a span with events is one record. */
  acceptedRecords: number;
  rejected: ValidationIssue[];
}

/** What an export request had rejected, for the response's `partial_success`. */
export interface ExportPartialSuccess {
  rejected: number;
  errorMessage: string;
}

/** A body format a signal accepts besides OTLP, e.g. Zipkin v2 for spans. */
export interface IngestFormat {
  /** HTTP path, e.g. `/api/v2/spans`. */
  path: string;
  contentTypes: readonly string[];
  /**
   * Decodes and eventizes a whole body. These endpoints answer without a body, so there is no
   * partial success: fail the body when any record is bad (ingest refuses a result with `rejected`).
   */
  eventize(body: Uint8Array, contentType: string, context: EventizeContext): DecodeResult<EventizeResult>;
}

/**
 * How a signal's requests become rows: what the ingest routes serve and what its worker threads
 * run. `Request` is the decoded OTLP request; decode and eventize are separate so tests and tools
 * can look at a decoded request before it becomes rows.
 */
export interface SignalIngest<Request = unknown> {
  /** OTLP/HTTP path, e.g. `/v1/traces`. */
  readonly otlpPath: string;
  readonly contentTypes: readonly string[];
  decode(body: Uint8Array, contentType: string): DecodeResult<Request>;
  eventize(request: Request, context: EventizeContext): EventizeResult;
  /**
   * Optional single-pass path: decodes and eventizes a body without building the decoded model,
   * for speed. Returns undefined whenever it cannot handle the body cleanly (any invalid record,
   * an unexpected field), and the caller falls back to decode + eventize, which reports issues.
   * It must produce the same rows as decode + eventize for every body it accepts.
   */
  eventizeDirect?(body: Uint8Array, contentType: string, context: EventizeContext): EventizeResult | undefined;
  /**
   * The body of the success response to an export request in `contentType`: the OTLP
   * Export…ServiceResponse, with `partial_success` when records were rejected.
   */
  encodeExportResponse(partialSuccess: ExportPartialSuccess | undefined, contentType: string): Uint8Array;
  /** Other body formats served by this signal. */
  readonly extraFormats: readonly IngestFormat[];
}

/**
 * Decodes then eventizes an OTLP body (single-pass when the signal can), merging the records rejected by either step.
 *
 * @example const result = decodeAndEventize(spansSignal.ingest, body, 'application/x-protobuf', { tenantId: 't1', ingestTs });
 */
export function decodeAndEventize<Request>(
  ingest: SignalIngest<Request>,
  body: Uint8Array,
  contentType: string,
  context: EventizeContext,
): DecodeResult<EventizeResult> {
  const direct = ingest.eventizeDirect?.(body, contentType, context);
  if (direct !== undefined) return { ok: true, value: direct, issues: [] };
  const decoded = ingest.decode(body, contentType);
  if (!decoded.ok) return decoded;
  const result = ingest.eventize(decoded.value, context);
  return { ok: true, value: { ...result, rejected: [...decoded.issues, ...result.rejected] }, issues: [] };
}
