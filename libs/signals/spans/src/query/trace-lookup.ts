import { BaseColumn, type RowValue, type SignalQueryEngine, type TenantContext, type TimeRange } from '@prism/contract';
import { paddedTraceId } from './zipkin-params';
import type { ZipkinRenderer } from './zipkin-renderer';
import type { ZipkinTraceJson } from './zipkin-json';
import { SPAN_ROWS, SPANS_SIGNAL } from './span-rows';
import { scanAllRows } from './row-scan';

/** What trace lookups need. */
export interface TraceLookupDeps {
  engine: SignalQueryEngine;
  render: ZipkinRenderer;
}

/**
 * The spans of one trace by its full 32-digit id, through the engine's trace-by-id path (catalog
 * trace hints, then Bloom filters); an empty list when unknown. Spans earliest first.
 */
export async function fetchTrace(deps: TraceLookupDeps, traceId32: string, context: TenantContext): Promise<ZipkinTraceJson> {
  const { rows } = await deps.engine.findTrace(traceId32, context, { signal: SPANS_SIGNAL });
  return sortedSpans(deps.render(rows));
}

/** Several traces by full id, looked up concurrently; unknown ids are left out. */
export async function fetchTraces(deps: TraceLookupDeps, traceIds32: readonly string[], context: TenantContext): Promise<ZipkinTraceJson[]> {
  const traces = await Promise.all(traceIds32.map((id) => fetchTrace(deps, id, context)));
  return traces.filter((trace) => trace.length > 0);
}

/**
 * A trace by a 16- or 32-digit id. A 16-digit id matches the low 64 bits of 128-bit trace ids too
 * (Zipkin's non-strict lookup): the zero-padded id is found through trace hints, other 128-bit ids
 * ending in it by scanning the trace ids of `lowBitsWindow` (trace hints hash whole ids, so they
 * cannot answer this). The spans of every matching trace come back as one list.
 */
export async function lookupTrace(deps: TraceLookupDeps, traceId: string, context: TenantContext, lowBitsWindow: TimeRange): Promise<ZipkinTraceJson> {
  const ids = traceId.length === 16 ? await idsEndingWith(deps.engine, traceId, context, lowBitsWindow) : [traceId];
  const traces = await fetchTraces(deps, ids, context);
  return sortedSpans(traces.flat());
}

async function idsEndingWith(engine: SignalQueryEngine, lowHex: string, context: TenantContext, window: TimeRange): Promise<string[]> {
  const ids = new Set<string>([paddedTraceId(lowHex)]);
  const rows = await scanAllRows(engine, { signal: SPANS_SIGNAL, filters: SPAN_ROWS, select: [BaseColumn.traceId] }, window, context);
  for (const row of rows) {
    const hex = hexOf(row[BaseColumn.traceId]);
    if (hex !== undefined && hex.endsWith(lowHex)) ids.add(hex);
  }
  return [...ids];
}

/** Spans by timestamp (absent last), then id, so responses are stable. */
export function sortedSpans(spans: ZipkinTraceJson): ZipkinTraceJson {
  return [...spans].sort((a, b) => (a.timestamp ?? Number.MAX_SAFE_INTEGER) - (b.timestamp ?? Number.MAX_SAFE_INTEGER) || a.id.localeCompare(b.id));
}

function hexOf(value: RowValue | undefined): string | undefined {
  return value instanceof Uint8Array ? Buffer.from(value).toString('hex') : undefined;
}
