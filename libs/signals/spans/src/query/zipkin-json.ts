/**
 * The Zipkin v2 JSON span as the query API returns it (zipkin2-api.yaml, definitions/Span). The
 * output format `zipkin-v2` renders it; the API's handlers read only the fields they match on,
 * which this type names.
 */
export interface ZipkinSpanJson {
  traceId: string;
  id: string;
  parentId?: string;
  name?: string;
  kind?: 'CLIENT' | 'SERVER' | 'PRODUCER' | 'CONSUMER';
  /** Epoch microseconds. */
  timestamp?: number;
  /** Microseconds. */
  duration?: number;
  debug?: boolean;
  shared?: boolean;
  localEndpoint?: ZipkinEndpointJson;
  remoteEndpoint?: ZipkinEndpointJson;
  annotations?: Array<{ timestamp: number; value: string }>;
  tags?: Record<string, string>;
}

export interface ZipkinEndpointJson {
  serviceName?: string;
  ipv4?: string;
  ipv6?: string;
  port?: number;
}

/** A trace: its spans, earliest first. */
export type ZipkinTraceJson = ZipkinSpanJson[];

/** definitions/DependencyLink. */
export interface DependencyLinkJson {
  parent: string;
  child: string;
  callCount: number;
  errorCount: number;
}
