import { BaseColumn, type Filter, type TenantContext } from '@prism/contract';
import { caseInsensitivePattern, spanMatches, type SpanCriteria } from './span-criteria';
import { SERVICE_NAME_COLUMN, SpanColumn } from '../common/span-columns';
import { SPAN_ROWS, SPANS_SIGNAL } from './span-rows';
import { DEFAULT_SCAN_PAGE_ROWS } from './row-scan';
import { fetchTraces, type TraceLookupDeps } from './trace-lookup';
import type { ZipkinTraceJson } from './zipkin-json';

/** `/traces`: the criteria and how many traces to return. */
export interface TraceSearch extends SpanCriteria {
  limit: number;
}

/** Traces fetched per round while looking for matches. */
const TRACES_PER_ROUND = 20;
const NS_PER_US = 1000n;

/**
 * Traces with at least one span matching every criterion, most recent first (by trace start).
 * Two steps: the engine finds candidate trace ids from span rows in the window, newest first,
 * with the criteria it can check without false negatives pushed down (service and span name
 * case-insensitively, duration bounds); then candidate traces are fetched whole by id, rendered as
 * Zipkin spans, and checked exactly (annotationQuery, remote service, names), so OTLP and Zipkin
 * spans are judged by what the API shows. At most {@link DEFAULT_SCAN_PAGE_ROWS} newest candidate
 * span rows are considered.
 */
export async function searchTraces(deps: TraceLookupDeps, search: TraceSearch, context: TenantContext): Promise<ZipkinTraceJson[]> {
  const { rows } = await deps.engine.execute(
    {
      signal: SPANS_SIGNAL,
      timeRange: search.window,
      filters: [...SPAN_ROWS, ...pushedDownFilters(search)],
      select: [BaseColumn.traceId],
      orderBy: [{ column: BaseColumn.timestamp, direction: 'desc' }],
      limit: DEFAULT_SCAN_PAGE_ROWS,
    },
    context,
  );
  const candidates = [...new Set(rows.map((row) => Buffer.from(row[BaseColumn.traceId] as Uint8Array).toString('hex')))];
  const found: ZipkinTraceJson[] = [];
  for (let start = 0; start < candidates.length && found.length < search.limit; start += TRACES_PER_ROUND) {
    const traces = await fetchTraces(deps, candidates.slice(start, start + TRACES_PER_ROUND), context);
    for (const trace of traces) if (trace.some((span) => spanMatches(span, search))) found.push(trace);
  }
  return found.sort((a, b) => traceStart(b) - traceStart(a)).slice(0, search.limit);
}

/** Filters the engine applies before any trace is fetched; each is implied by the exact check. */
function pushedDownFilters(search: TraceSearch): Filter[] {
  const filters: Filter[] = [];
  const service = search.serviceName === undefined ? undefined : caseInsensitivePattern(search.serviceName);
  if (service !== undefined) filters.push({ column: SERVICE_NAME_COLUMN, op: 'regex', value: service });
  const name = search.spanName === undefined ? undefined : caseInsensitivePattern(search.spanName);
  if (name !== undefined) filters.push({ column: SpanColumn.name, op: 'regex', value: name });
  // Zipkin rounds durations up to whole microseconds: ceil(ns / 1000) >= min ⇔ ns > (min - 1) * 1000.
  if (search.minDuration !== undefined && search.minDuration > 0) {
    filters.push({ column: SpanColumn.duration, op: 'gt', value: BigInt(search.minDuration - 1) * NS_PER_US });
  }
  if (search.maxDuration !== undefined) filters.push({ column: SpanColumn.duration, op: 'lte', value: BigInt(search.maxDuration) * NS_PER_US });
  return filters;
}

function traceStart(trace: ZipkinTraceJson): number {
  return Math.min(...trace.map((span) => span.timestamp ?? Number.MAX_SAFE_INTEGER));
}
