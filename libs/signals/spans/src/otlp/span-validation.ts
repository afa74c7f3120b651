import type { ValidationIssue } from '@prism/contract';
import { SPAN_ID_BYTES, TRACE_ID_BYTES, checkId, isAllZero, type Span } from '@prism/otlp';
import { isKnownSpanKind } from '../common/span-kind';

const MAX_STATUS_CODE = 2;

/** Path of a span in a traces request, e.g. `resourceSpans[0].scopeSpans[1].spans[7]`. */
export function spanPath(resourceIndex: number, scopeIndex: number, spanIndex: number): string {
  return `resourceSpans[${resourceIndex}].scopeSpans[${scopeIndex}].spans[${spanIndex}]`;
}

/**
 * The first reason `span` cannot be stored, or undefined when it can. Paths are relative to the
 * span (`.traceId`); the caller prefixes the span's own path, built only when a span fails.
 *
 * Rules: trace id 16 bytes and span id 8 bytes, neither all zeros; parent span id empty or a valid
 * span id; a start time; an end time not before the start; known kind and status code; link ids
 * valid like the span's own.
 */
export function validateSpan(span: Span): ValidationIssue | undefined {
  const issue =
    checkSpanContextId(span.traceId, TRACE_ID_BYTES, '.traceId') ??
    checkSpanContextId(span.spanId, SPAN_ID_BYTES, '.spanId') ??
    checkSpanContextId(span.parentSpanId, SPAN_ID_BYTES, '.parentSpanId', true);
  if (issue !== undefined) return issue;
  if (span.startTimeUnixNano <= 0n) return { path: '.startTimeUnixNano', message: 'required' };
  if (span.endTimeUnixNano < span.startTimeUnixNano) {
    return {
      path: '.endTimeUnixNano',
      message: `before startTimeUnixNano (${span.endTimeUnixNano} < ${span.startTimeUnixNano})`,
    };
  }
  if (!isKnownSpanKind(span.kind)) return { path: '.kind', message: `unknown span kind ${span.kind}` };
  const statusCode = span.status?.code ?? 0;
  if (!Number.isInteger(statusCode) || statusCode < 0 || statusCode > MAX_STATUS_CODE) {
    return { path: '.status.code', message: `unknown status code ${statusCode}` };
  }
  for (let index = 0; index < span.links.length; index++) {
    const link = span.links[index];
    const linkIssue =
      checkSpanContextId(link.traceId, TRACE_ID_BYTES, `.links[${index}].traceId`) ?? checkSpanContextId(link.spanId, SPAN_ID_BYTES, `.links[${index}].spanId`);
    if (linkIssue !== undefined) return linkIssue;
  }
  return undefined;
}

/** OTLP's id rule: the right length (or empty when `optional`), and not all zeros. */
function checkSpanContextId(bytes: Uint8Array, length: number, path: string, optional = false): ValidationIssue | undefined {
  const issue = checkId(bytes, length, path, optional);
  if (issue !== undefined) return issue;
  return bytes.length > 0 && isAllZero(bytes) ? { path, message: 'must not be all zeros' } : undefined;
}
