import { BaseColumn } from '@prism/contract';
import type { QueryEngine, TenantContext } from '../engine/query-engine';
import type { TimeRange } from '../plan/query-plan';
import { dependencyLinksOf } from './dependency-links';
import { scanAllRows } from './row-scan';
import { SPAN_ROWS, SPANS_SIGNAL, ZipkinColumn } from './span-rows';
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
  'parent_span_id',
  'kind',
  'shared',
  'trace_id_64bit',
  'status.code',
  'status.message',
  ZipkinColumn.serviceName,
  ZipkinColumn.remoteServiceName,
  ZipkinColumn.peerService,
  `${ZipkinColumn.spanAttributePrefix}error`,
];

/** `/dependencies`: parent → child service links with call and error counts, from spans in the window. */
export async function serviceDependencies(engine: QueryEngine, render: ZipkinRenderer, window: TimeRange, context: TenantContext): Promise<DependencyLinkJson[]> {
  const rows = await scanAllRows(engine, { signal: SPANS_SIGNAL, filters: SPAN_ROWS, select: LINK_COLUMNS }, window, context);
  return dependencyLinksOf(render(rows));
}
