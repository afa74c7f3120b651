import { ColumnPrefix, TYPE_VARIANT_SEPARATOR, type Filter, type RowValue, type SignalQueryEngine, type TenantContext, type TimeRange } from '@prism/contract';
import { DEFAULT_SCAN_PAGE_ROWS } from './row-scan';
import { caseInsensitivePattern } from './span-criteria';
import { SERVICE_NAME_COLUMN, SPAN_ATTRIBUTE_PREFIX, SpanColumn } from '../common/span-columns';
import { SPAN_ROWS, SPANS_SIGNAL, PEER_SERVICE_COLUMN } from './span-rows';
import type { ZipkinRenderer } from './zipkin-renderer';

/** Span rows sampled (newest first) for `/autocompleteKeys` when no keys are configured. */
export const AUTOCOMPLETE_SAMPLE_ROWS = 1000;

/**
 * Distinct non-null values of `column` over span rows in `window` matching `filters`, as text,
 * sorted. One aggregation query: the engine groups, so only distinct values travel.
 */
export async function distinctValues(
  engine: SignalQueryEngine,
  column: string,
  filters: readonly Filter[],
  window: TimeRange,
  context: TenantContext,
): Promise<string[]> {
  const { rows } = await engine.execute(
    {
      signal: SPANS_SIGNAL,
      timeRange: window,
      filters: [...SPAN_ROWS, ...filters, { column, op: 'exists' }],
      groupBy: [{ column }],
      aggregates: [{ fn: 'count', as: 'spans' }],
      limit: DEFAULT_SCAN_PAGE_ROWS,
    },
    context,
  );
  return sortedUnique(rows.map((row) => tagText(row[column])).filter((value): value is string => value !== undefined));
}

/** `/services`: local service names (`resource.service.name`, which Zipkin's localEndpoint fills). */
export function serviceNames(engine: SignalQueryEngine, window: TimeRange, context: TenantContext): Promise<string[]> {
  return distinctValues(engine, SERVICE_NAME_COLUMN, [], window, context);
}

/** `/spans`: span names of one service (service compared case-insensitively). */
export async function spanNames(engine: SignalQueryEngine, serviceName: string, window: TimeRange, context: TenantContext): Promise<string[]> {
  return distinctValues(engine, SpanColumn.name, serviceFilters(serviceName), window, context);
}

/**
 * `/remoteServices`: remote service names of one service's spans: Zipkin's
 * `remoteEndpoint.serviceName` (`remote_endpoint.service_name`) and, for OTLP spans, the
 * `peer.service` attribute (which the Zipkin rendering shows as the remote endpoint).
 */
export async function remoteServiceNames(engine: SignalQueryEngine, serviceName: string, window: TimeRange, context: TenantContext): Promise<string[]> {
  const filters = serviceFilters(serviceName);
  const [zipkin, otlp] = await Promise.all([
    distinctValues(engine, SpanColumn.remoteEndpointServiceName, filters, window, context),
    distinctValues(engine, PEER_SERVICE_COLUMN, filters, window, context),
  ]);
  return sortedUnique([...zipkin, ...otlp]);
}

/**
 * `/autocompleteKeys`: the configured keys when there are any (Zipkin's AUTOCOMPLETE_KEYS), else
 * the tag keys of the newest {@link AUTOCOMPLETE_SAMPLE_ROWS} spans in the window as the Zipkin
 * rendering shows them (span attributes, resource attributes, status tags).
 */
export async function autocompleteKeys(
  engine: SignalQueryEngine,
  render: ZipkinRenderer,
  configured: readonly string[] | undefined,
  window: TimeRange,
  context: TenantContext,
): Promise<string[]> {
  if (configured !== undefined && configured.length > 0) return sortedUnique(configured);
  const { rows } = await engine.execute(
    {
      signal: SPANS_SIGNAL,
      timeRange: window,
      filters: SPAN_ROWS,
      select: ['*'],
      orderBy: [{ column: 'timestamp', direction: 'desc' }],
      limit: AUTOCOMPLETE_SAMPLE_ROWS,
    },
    context,
  );
  return sortedUnique(render(rows).flatMap((span) => Object.keys(span.tags ?? {})));
}

/**
 * `/autocompleteValues?key=`: distinct values of the tag `key` in the window: span attributes
 * (every stored type, as tag text) and resource attributes, which the rendering also shows as tags.
 * Empty for a key never seen, or one the configured keys leave out.
 */
export async function autocompleteValues(
  engine: SignalQueryEngine,
  key: string,
  configured: readonly string[] | undefined,
  window: TimeRange,
  context: TenantContext,
): Promise<string[]> {
  if (configured !== undefined && configured.length > 0 && !configured.includes(key)) return [];
  if (key.includes(TYPE_VARIANT_SEPARATOR)) return [];
  const [span, resource] = await Promise.all([
    distinctValues(engine, SPAN_ATTRIBUTE_PREFIX + key, [], window, context),
    key === 'service.name' ? Promise.resolve([]) : distinctValues(engine, ColumnPrefix.resource + key, [], window, context),
  ]);
  return sortedUnique([...span, ...resource]);
}

/** The filter for one service: case-insensitive, or exact for names too long for the engine's regex limit. */
function serviceFilters(serviceName: string): Filter[] {
  const pattern = caseInsensitivePattern(serviceName);
  return [pattern === undefined ? { column: SERVICE_NAME_COLUMN, op: 'eq', value: serviceName } : { column: SERVICE_NAME_COLUMN, op: 'regex', value: pattern }];
}

function tagText(value: RowValue | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return String(value);
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
