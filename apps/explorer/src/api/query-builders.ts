// Pure builders from the explorer's forms to API requests: the Zipkin v2 search parameters and the DSL bodies.

/** The trace search form. Durations in milliseconds as typed; tags as `key=value` or `key`, one per line or `and`-separated. */
export interface TraceSearchForm {
  service: string;
  operation: string;
  tags: string;
  minDurationMs: string;
  maxDurationMs: string;
  lookbackMs: number;
  /** End of the window, ms since the epoch. */
  endTs: number;
  limit: number;
}

/** A form value the API would refuse, said in the form's own terms. */
export class FormError extends Error {
  override readonly name = 'FormError';
}

/** Marks the "custom" choice of a time-range select: the window comes from explicit from/to times. */
export const CUSTOM_RANGE = 0;

/**
 * The search window as Zipkin wants it (`endTs` and `lookback`, ms): the last `lookbackMs` before
 * now, or, for {@link CUSTOM_RANGE}, from `from` to `to` as typed in `datetime-local` inputs (the
 * browser's local time).
 */
export function searchWindow(choice: { lookbackMs: number; from: string; to: string }, nowMs: number): { endTs: number; lookbackMs: number } {
  if (choice.lookbackMs !== CUSTOM_RANGE) return { endTs: nowMs, lookbackMs: choice.lookbackMs };
  const from = localTime(choice.from, 'From');
  const to = localTime(choice.to, 'To');
  if (to <= from) throw new FormError('"To" must be after "From"');
  return { endTs: to, lookbackMs: to - from };
}

function localTime(text: string, label: string): number {
  const ms = text.trim() === '' ? Number.NaN : new Date(text).getTime();
  if (!Number.isFinite(ms)) throw new FormError(`${label} must be a date and time, got "${text}"`);
  return ms;
}

/** `GET /api/v2/traces` parameters: Zipkin durations are microseconds, `endTs`/`lookback` milliseconds. */
export function traceSearchParams(form: TraceSearchForm): URLSearchParams {
  const params = new URLSearchParams();
  if (form.service.trim() !== '') params.set('serviceName', form.service.trim());
  if (form.operation.trim() !== '') params.set('spanName', form.operation.trim());
  const annotationQuery = annotationQueryOf(form.tags);
  if (annotationQuery !== '') params.set('annotationQuery', annotationQuery);
  const min = durationUs(form.minDurationMs, 'Min duration');
  const max = durationUs(form.maxDurationMs, 'Max duration');
  if (min !== undefined && max !== undefined && max < min) throw new FormError('Max duration must be at least the min duration');
  if (min !== undefined) params.set('minDuration', String(min));
  if (max !== undefined) params.set('maxDuration', String(max));
  params.set('endTs', String(Math.floor(form.endTs)));
  params.set('lookback', String(Math.floor(form.lookbackMs)));
  params.set('limit', String(form.limit));
  return params;
}

/** Tags as Zipkin's `annotationQuery`: `http.method=GET and error`. */
export function annotationQueryOf(tags: string): string {
  return tags
    .split(/\n|\s+and\s+/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const eq = part.indexOf('=');
      return eq < 0 ? part : `${part.slice(0, eq).trim()}=${part.slice(eq + 1).trim()}`;
    })
    .join(' and ');
}

function durationUs(text: string, label: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const ms = Number(trimmed);
  if (!Number.isFinite(ms) || ms < 0) throw new FormError(`${label} must be a number of milliseconds, got "${trimmed}"`);
  return Math.round(ms * 1000);
}

/** A DSL time range ending now. */
export function lastRange(lookbackMs: number): { last: string } {
  return { last: `${Math.max(1, Math.round(lookbackMs / 1000))}s` };
}

/** Every column of one span's rows (the span and its events): attributes, resource, links, events. */
export function spanDetailsQuery(traceId: string, spanId: string): object {
  return {
    signal: 'spans',
    filters: [
      { column: 'traceId', op: 'eq', value: traceId },
      { column: 'spanId', op: 'eq', value: spanId },
    ],
    select: ['*'],
    orderBy: ['timestamp'],
    limit: 1000,
  };
}

/** The logs view's filters. */
export interface LogFilters {
  severity: string;
  service: string;
  text: string;
  traceId: string;
  lookbackMs: number;
  limit: number;
}

/** Log rows matching every filter that is set, newest first. */
export function logsQuery(filters: LogFilters): object {
  const conditions: object[] = [];
  if (filters.severity !== '') conditions.push({ column: 'severity', op: 'eq', value: filters.severity });
  if (filters.service.trim() !== '') conditions.push({ column: 'service', op: 'eq', value: filters.service.trim() });
  if (filters.text.trim() !== '') conditions.push({ column: 'message', op: 'contains', value: filters.text.trim() });
  const traceId = filters.traceId.trim().toLowerCase();
  if (traceId !== '') {
    if (!/^[0-9a-f]{32}$/.test(traceId)) throw new FormError(`Trace id must be 32 hex digits, got "${filters.traceId.trim()}"`);
    conditions.push({ column: 'trace_id', op: 'eq', value: traceId });
  }
  return {
    signal: 'logs',
    // A trace id is found through the catalog's trace hints, whatever its age.
    ...(traceId === '' ? { timeRange: lastRange(filters.lookbackMs) } : {}),
    filters: conditions,
    // Logs have no traceId alias: the row-model columns are trace_id and span_id.
    select: ['timestamp', 'service', 'severity', 'message', 'trace_id', 'span_id'],
    orderBy: [{ column: 'timestamp', direction: 'desc' }],
    limit: filters.limit,
  };
}

/** Metric names with their type, for the metric picker. */
export function metricNamesQuery(lookbackMs: number): object {
  return { signal: 'metrics', timeRange: lastRange(lookbackMs), groupBy: ['metric', 'type'], aggregates: [{ fn: 'count' }], orderBy: ['metric'], limit: 1000 };
}

/** What the metrics view charts. */
export interface MetricChartRequest {
  metric: string;
  /** `gauge`, `sum`, `histogram`, … as the metric picker reported it. */
  type: string;
  /** A column to split series by (`service`, `metric.attr.http.route`), or empty. */
  groupBy: string;
  lookbackMs: number;
  bucket: string;
}

/** One charted line per group: its label and the output columns that may hold its value (first non-null wins). */
export interface MetricOutput {
  label: string;
  columns: string[];
}

// OTLP int points land in `value#int64`, double points in `value`: a series has one of the two, so
// number metrics are aggregated over both and each chart point takes whichever is set.
const NUMBER_COLUMNS = [
  { column: 'value', suffix: '' },
  { column: 'value#int64', suffix: '_int' },
];

/** The aggregates a metric type is charted with: counters as a per-second rate, histograms as p50/p95/p99, gauges as their mean. */
export function metricAggregates(type: string): Array<{ fn: string; column?: string; q?: number; as: string }> {
  if (type === 'histogram' || type === 'exponential_histogram') {
    return [0.5, 0.95, 0.99].map((q) => ({ fn: 'histogram_quantile', q, as: `p${Math.round(q * 100)}` }));
  }
  const fn = type === 'sum' ? 'rate' : 'avg';
  return NUMBER_COLUMNS.map(({ column, suffix }) => ({ fn, column, as: fn + suffix }));
}

/** What the chart draws of `metricAggregates(type)`'s output columns. */
export function metricOutputs(type: string): MetricOutput[] {
  if (type === 'histogram' || type === 'exponential_histogram') return ['p50', 'p95', 'p99'].map((label) => ({ label, columns: [label] }));
  const fn = type === 'sum' ? 'rate' : 'avg';
  return [{ label: fn, columns: NUMBER_COLUMNS.map(({ suffix }) => fn + suffix) }];
}

/** One time series query per metric: time buckets (and the group column), the type's aggregates. */
export function metricChartQuery(request: MetricChartRequest): object {
  const groupBy: Array<string | object> = [{ timeBucket: request.bucket, as: 'time' }];
  if (request.groupBy.trim() !== '') groupBy.push(request.groupBy.trim());
  return {
    signal: 'metrics',
    timeRange: lastRange(request.lookbackMs),
    filters: [{ column: 'metric', op: 'eq', value: request.metric }],
    groupBy,
    aggregates: metricAggregates(request.type),
    orderBy: ['time'],
    limit: 10000,
  };
}

/** uPlot's columnar data: one x (seconds) array, then one y array per series, with series labels. */
export interface ChartSeries {
  x: number[];
  series: Array<{ label: string; values: Array<number | null> }>;
}

/**
 * DSL rows of a metric chart → aligned series: one per (group value × output), nulls where a
 * series has no point at a time. `time` is the bucket start in ns as a decimal string.
 */
export function chartSeriesOf(rows: ReadonlyArray<Record<string, unknown>>, groupBy: string, outputs: readonly MetricOutput[]): ChartSeries {
  const times = [...new Set(rows.map((row) => Number(BigInt(String(row['time'])) / 1_000_000n) / 1000))].sort((a, b) => a - b);
  const at = new Map(times.map((time, index) => [time, index]));
  const series = new Map<string, Array<number | null>>();
  const key = groupBy.trim();
  for (const row of rows) {
    const index = at.get(Number(BigInt(String(row['time'])) / 1_000_000n) / 1000) as number;
    for (const output of outputs) {
      const label = key === '' ? output.label : `${String(row[key] ?? '(none)')} ${output.label}`;
      let values = series.get(label);
      if (values === undefined) {
        values = times.map(() => null);
        series.set(label, values);
      }
      const value = output.columns.map((column) => row[column]).find((candidate) => candidate !== null && candidate !== undefined);
      if (value !== undefined) values[index] = typeof value === 'number' ? value : Number(value);
    }
  }
  return { x: times, series: [...series.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([label, values]) => ({ label, values })) };
}
