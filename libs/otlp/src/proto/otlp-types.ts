import protobuf from 'protobufjs';
import { ANY_PROTO, COLLECTOR_LOGS_PROTO, COLLECTOR_METRICS_PROTO, COLLECTOR_TRACE_PROTO, RPC_STATUS_PROTO } from './collector-proto';
import { COMMON_PROTO, RESOURCE_PROTO } from './common-proto';
import { LOGS_PROTO } from './logs-proto';
import { METRICS_PROTO } from './metrics-proto';
import { TRACE_PROTO } from './trace-proto';

/** The protobufjs message types Prism decodes and encodes. */
export interface OtlpTypes {
  readonly traceRequest: protobuf.Type;
  readonly traceResponse: protobuf.Type;
  readonly logsRequest: protobuf.Type;
  readonly logsResponse: protobuf.Type;
  readonly metricsRequest: protobuf.Type;
  readonly metricsResponse: protobuf.Type;
  readonly rpcStatus: protobuf.Type;
}

let cached: OtlpTypes | undefined;

/** The OTLP message types, parsed once on first use (field names in lowerCamelCase). */
export function otlpTypes(): OtlpTypes {
  if (cached !== undefined) return cached;
  const root = new protobuf.Root();
  const sources = [
    COMMON_PROTO,
    RESOURCE_PROTO,
    TRACE_PROTO,
    LOGS_PROTO,
    METRICS_PROTO,
    COLLECTOR_TRACE_PROTO,
    COLLECTOR_LOGS_PROTO,
    COLLECTOR_METRICS_PROTO,
    ANY_PROTO,
    RPC_STATUS_PROTO,
  ];
  for (const source of sources) protobuf.parse(source, root, { keepCase: false });
  root.resolveAll();
  cached = {
    traceRequest: root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest'),
    traceResponse: root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse'),
    logsRequest: root.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest'),
    logsResponse: root.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse'),
    metricsRequest: root.lookupType('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest'),
    metricsResponse: root.lookupType('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse'),
    rpcStatus: root.lookupType('google.rpc.Status'),
  };
  return cached;
}
