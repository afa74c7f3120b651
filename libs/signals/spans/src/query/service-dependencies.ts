import { BaseColumn, type SignalQueryEngine, type TenantContext, type TimeRange } from '@prism/contract';
import { dependencyLinksOf } from './dependency-links';
import { scanAllRows } from './row-scan';
import { SERVICE_NAME_COLUMN, SPAN_ATTRIBUTE_PREFIX, SpanColumn } from '../common/span-columns';
import { SPAN_ROWS, SPANS_SIGNAL, PEER_SERVICE_COLUMN } from './span-rows';
import type { ZipkinRenderer } from './zipkin-renderer';
import type { DependencyLinkJson } from './zipkin-json';

/**
 * Only the columns the linker looks at, read for every span row in the window (all of them: the
 * scan pages through the window), then rendered as Zipkin spans so that kinds, remote services
 * and error tags mean the same for OTLP and Zipkin spans.
 */
const LINK_COLUMNS = [
  BaseColumn.signalType,
  BaseColumn.timestamp,
  BaseColumn.traceId,
  BaseColumn.spanId,
  SpanColumn.parentSpanId,
  SpanColumn.kind,
  SpanColumn.shared,
  SpanColumn.traceId64Bit,
  SpanColumn.statusCode,
  SpanColumn.statusMessage,
  SERVICE_NAME_COLUMN,
  SpanColumn.remoteEndpointServiceName,
  PEER_SERVICE_COLUMN,
  `${SPAN_ATTRIBUTE_PREFIX}error`,
];

/** `/dependencies`: parent → child service links with call and error counts, from spans in the window. */
export async function serviceDependencies(
  engine: SignalQueryEngine,
  render: ZipkinRenderer,
  window: TimeRange,
  context: TenantContext,
): Promise<DependencyLinkJson[]> {
  const rows = await scanAllRows(engine, { signal: SPANS_SIGNAL, filters: SPAN_ROWS, select: LINK_COLUMNS }, window, context);
  return dependencyLinksOf(render(rows));
}
