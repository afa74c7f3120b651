import { SignalRouteError, type TimeRange } from '@prism/contract';

/** Zipkin's default QUERY_LOOKBACK: one day, in milliseconds. */
export const DEFAULT_LOOKBACK_MS = 86_400_000;
/** Traces returned by `/traces` when `limit` is absent. */
export const DEFAULT_TRACE_LIMIT = 10;

const NS_PER_MS = 1_000_000n;
const TRACE_ID = /^(?:[0-9a-f]{16}|[0-9a-f]{32})$/;

/** A 400 for a bad query parameter, with a message naming it. */
export function badRequest(message: string): SignalRouteError {
  return new SignalRouteError(400, 'bad_request', message);
}

/** A required non-empty string parameter. */
export function requiredParam(query: URLSearchParams, name: string): string {
  const value = query.get(name);
  if (value === null || value.trim() === '') throw badRequest(`${name} is required`);
  return value.trim();
}

/** An optional non-empty string parameter (blank counts as absent, as Zipkin's UI sends them). */
export function optionalParam(query: URLSearchParams, name: string): string | undefined {
  const value = query.get(name);
  return value === null || value.trim() === '' ? undefined : value.trim();
}

/** An optional non-negative integer parameter; `min` guards e.g. `limit=0`. */
export function integerParam(query: URLSearchParams, name: string, min = 0): number | undefined {
  const text = optionalParam(query, name);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)) || Number(text) < min) {
    throw badRequest(`${name} must be an integer of at least ${min}, got "${text}"`);
  }
  return Number(text);
}

/**
 * The window of `endTs` (ms, default now; required when `endTsRequired`) and `lookback` (ms,
 * default one day) as a half-open nanosecond range: spans at or after `endTs - lookback` and at or
 * before `endTs` at millisecond grain (so the whole `endTs` millisecond is in).
 */
export function timeWindowOf(query: URLSearchParams, nowMs: number, endTsRequired = false): TimeRange {
  if (endTsRequired) requiredParam(query, 'endTs');
  const endTs = integerParam(query, 'endTs', 1) ?? nowMs;
  const lookback = integerParam(query, 'lookback') ?? DEFAULT_LOOKBACK_MS;
  const fromMs = Math.max(0, endTs - lookback);
  return { fromNs: BigInt(fromMs) * NS_PER_MS, toNs: (BigInt(endTs) + 1n) * NS_PER_MS };
}

/** A trace id of 16 or 32 hex digits, lower-cased; 400 otherwise. */
export function traceIdParam(text: string): string {
  const id = text.trim().toLowerCase();
  if (!TRACE_ID.test(id)) throw badRequest(`traceId must be 16 or 32 hex characters, got "${text}"`);
  return id;
}

/** `traceIds` of `/traceMany`: at least two unique, comma-separated ids. */
export function traceIdsParam(query: URLSearchParams): string[] {
  const ids = requiredParam(query, 'traceIds')
    .split(',')
    .map((part) => traceIdParam(part));
  if (ids.length < 2) throw badRequest('traceIds needs at least two trace ids; use /trace/{traceId} for one');
  const normalized = ids.map(paddedTraceId);
  if (new Set(normalized).size !== normalized.length) throw badRequest('traceIds lists a trace id more than once');
  return ids;
}

/** The 32-digit form of a trace id: 64-bit ids are zero-padded, as the spans signal stores them. */
export function paddedTraceId(id: string): string {
  return id.length === 16 ? '0'.repeat(16) + id : id;
}
