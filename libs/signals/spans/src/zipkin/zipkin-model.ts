import type { ZipkinKind } from '../common/span-kind';

/**
 * A Zipkin v2 span as the JSON API carries it (zipkin2-api.yaml, definitions/Span). Protobuf input
 * is converted to this shape too, so both encodings share validation and eventization. Absent
 * fields are left out rather than set to empty values.
 */
export interface ZipkinSpan {
  /** 16 or 32 lower-case hex digits. */
  traceId: string;
  /** 16 lower-case hex digits. */
  id: string;
  parentId?: string;
  name?: string;
  kind?: ZipkinKind;
  /** Epoch microseconds. */
  timestamp?: number;
  /** Microseconds, at least 1. */
  duration?: number;
  debug?: boolean;
  shared?: boolean;
  localEndpoint?: ZipkinEndpoint;
  remoteEndpoint?: ZipkinEndpoint;
  annotations?: ZipkinAnnotation[];
  tags?: Record<string, string>;
}

export interface ZipkinEndpoint {
  serviceName?: string;
  /** Text form, e.g. `192.168.99.1`. */
  ipv4?: string;
  /** Text form, e.g. `2001:db8::c001`. */
  ipv6?: string;
  port?: number;
}

export interface ZipkinAnnotation {
  /** Epoch microseconds. */
  timestamp: number;
  value: string;
}
