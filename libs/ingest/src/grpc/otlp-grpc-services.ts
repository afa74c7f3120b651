import type { Signal } from '@prism/contract';

/**
 * The OTLP collector service each OTLP/HTTP path is served as over gRPC (opentelemetry-proto
 * `collector/*\/v1/*_service.proto`); every one has the single unary method `Export`.
 */
export const OTLP_GRPC_SERVICE_OF_PATH: Readonly<Record<string, string>> = {
  '/v1/traces': 'opentelemetry.proto.collector.trace.v1.TraceService',
  '/v1/logs': 'opentelemetry.proto.collector.logs.v1.LogsService',
  '/v1/metrics': 'opentelemetry.proto.collector.metrics.v1.MetricsService',
};

/** One signal's gRPC method: its full path (`/package.Service/Export`) and the signal that ingests it. */
export interface OtlpGrpcMethod {
  path: string;
  signal: Signal;
}

/** The `Export` methods of the signals that have an OTLP collector service; others are not served over gRPC. */
export function otlpGrpcMethods(signals: readonly Signal[]): OtlpGrpcMethod[] {
  return signals.flatMap((signal) => {
    const service = OTLP_GRPC_SERVICE_OF_PATH[signal.ingest.otlpPath];
    return service === undefined ? [] : [{ path: `/${service}/Export`, signal }];
  });
}
