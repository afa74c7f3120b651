import { BaseColumn } from '@prism/contract';
import type { Filter } from '../plan/query-plan';

/** The signal (and so default dataset) the Zipkin API reads. */
export const SPANS_SIGNAL = 'spans';

/** `signal_type` of span rows (event rows are `span_event`), as the spans signal writes it. */
export const SPAN_ROW_TYPE = 'span';

/** The filter keeping span rows only. */
export const SPAN_ROWS: readonly Filter[] = [{ column: BaseColumn.signalType, op: 'eq', value: SPAN_ROW_TYPE }];

/** Row-model columns the Zipkin API filters and groups on (the spans signal's names). */
export const ZipkinColumn = {
  serviceName: 'resource.service.name',
  name: 'name',
  duration: 'duration',
  remoteServiceName: 'remote_endpoint.service_name',
  /** OpenTelemetry's remote service attribute on OTLP client/producer spans. */
  peerService: 'span.attr.peer.service',
  spanAttributePrefix: 'span.attr.',
  resourcePrefix: 'resource.',
} as const;
