import { ColumnPrefix, ResourceColumn } from '@prism/contract';

/**
 * Column names owned by the spans signal, beside the shared BaseColumn ones. They appear on disk
 * and in the catalog, so every module takes them from here.
 */
export const SpanColumn = {
  parentSpanId: 'parent_span_id',
  name: 'name',
  /** OTLP SpanKind as an int64 (0 unspecified … 5 consumer); see span-kind.ts. */
  kind: 'kind',
  endTimestamp: 'end_timestamp',
  /** end_timestamp - timestamp, in nanoseconds. */
  duration: 'duration',
  statusCode: 'status.code',
  statusMessage: 'status.message',
  /** The full OTLP span `flags` word (trace flags in bits 0-7, parent-is-remote in bits 8-9). */
  flags: 'flags',
  /** Span links as JSON text: [{trace_id, span_id, trace_state, attributes, …}]. */
  links: 'links',
  droppedAttributesCount: 'dropped_attributes_count',
  droppedEventsCount: 'dropped_events_count',
  droppedLinksCount: 'dropped_links_count',
  // Zipkin-only facts, kept so a Zipkin span comes back out exactly as it went in.
  localEndpointIpv4: 'local_endpoint.ipv4',
  localEndpointIpv6: 'local_endpoint.ipv6',
  localEndpointPort: 'local_endpoint.port',
  remoteEndpointServiceName: 'remote_endpoint.service_name',
  remoteEndpointIpv4: 'remote_endpoint.ipv4',
  remoteEndpointIpv6: 'remote_endpoint.ipv6',
  remoteEndpointPort: 'remote_endpoint.port',
  debug: 'debug',
  shared: 'shared',
  /** True when a Zipkin trace id had 16 hex digits (64 bits); trace_id holds it zero-padded to 16 bytes. */
  traceId64Bit: 'trace_id_64bit',
  /** True when a Zipkin span had no timestamp: `timestamp` then holds the ingest time. */
  timestampInferred: 'timestamp_inferred',
} as const;

export type SpanColumnName = (typeof SpanColumn)[keyof typeof SpanColumn];

/** Values of the `signal_type` column written by this signal. */
export const SpanSignalType = {
  span: 'span',
  /** One row per span event (OTLP) or annotation (Zipkin), linked to its span by trace_id + span_id. */
  event: 'span_event',
} as const;

/** The signal's registered name, which query plans name. */
export const SPANS_SIGNAL_NAME = 'spans';

/** Dataset of span rows when the eventize context names none. */
export const DEFAULT_SPANS_DATASET = 'spans';

/** The resource attribute that names the service. */
export const SERVICE_NAME_KEY = 'service.name';

/** `resource.service.name`. */
export const SERVICE_NAME_COLUMN = ResourceColumn.serviceName;

/** Prefix of span and span-event attribute columns. */
export const SPAN_ATTRIBUTE_PREFIX = ColumnPrefix.span;
