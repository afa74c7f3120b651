import { BaseColumn, baseKnownColumns, type SignalQueryHooks } from '@prism/contract';
import { SERVICE_NAME_COLUMN, SpanColumn } from './common/span-columns';
import { zipkinRoutes } from './query/zipkin-routes';
import { zipkinOutputFormat } from './zipkin/zipkin-output-format';

/** Zipkin-style aliases, the span summary as the default projection, Zipkin v2 JSON output, and the Zipkin v2 query API. */
export const spansQueryHooks: SignalQueryHooks = {
  columnAliases: {
    service: SERVICE_NAME_COLUMN,
    serviceName: SERVICE_NAME_COLUMN,
    operation: SpanColumn.name,
    spanName: SpanColumn.name,
    duration: SpanColumn.duration,
    status: SpanColumn.statusCode,
    traceId: BaseColumn.traceId,
    spanId: BaseColumn.spanId,
    parentId: SpanColumn.parentSpanId,
    remoteService: SpanColumn.remoteEndpointServiceName,
  },
  defaultColumns: [
    BaseColumn.timestamp,
    BaseColumn.traceId,
    BaseColumn.spanId,
    SpanColumn.parentSpanId,
    SERVICE_NAME_COLUMN,
    SpanColumn.name,
    SpanColumn.kind,
    SpanColumn.duration,
    SpanColumn.statusCode,
  ],
  knownColumns: {
    ...baseKnownColumns({ traceContext: true }),
    [SpanColumn.parentSpanId]: 'bytes',
    [SpanColumn.name]: 'string',
    [SpanColumn.kind]: 'int64',
    [SpanColumn.endTimestamp]: 'int64',
    [SpanColumn.duration]: 'int64',
    [SpanColumn.statusCode]: 'int64',
    [SpanColumn.statusMessage]: 'string',
    [SpanColumn.flags]: 'int64',
    [SpanColumn.links]: 'json',
    [SpanColumn.droppedAttributesCount]: 'int64',
    [SpanColumn.droppedEventsCount]: 'int64',
    [SpanColumn.droppedLinksCount]: 'int64',
    [SpanColumn.localEndpointIpv4]: 'string',
    [SpanColumn.localEndpointIpv6]: 'string',
    [SpanColumn.localEndpointPort]: 'int64',
    [SpanColumn.remoteEndpointServiceName]: 'string',
    [SpanColumn.remoteEndpointIpv4]: 'string',
    [SpanColumn.remoteEndpointIpv6]: 'string',
    [SpanColumn.remoteEndpointPort]: 'int64',
    [SpanColumn.debug]: 'bool',
    [SpanColumn.shared]: 'bool',
    [SpanColumn.traceId64Bit]: 'bool',
    [SpanColumn.timestampInferred]: 'bool',
  },
  outputFormats: [zipkinOutputFormat],
  routes: zipkinRoutes(),
};
