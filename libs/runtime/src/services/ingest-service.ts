import type { Signal } from '@prism/contract';
import { IngestService, ingestRoutes } from '@prism/ingest';
import type { PrismService, RouteShape } from '../runtime/prism-service';

/** Method and path of every ingest route: each signal's OTLP path and extra formats (Zipkin). */
export function ingestRouteShapes(signals: readonly Signal[]): RouteShape[] {
  return signals.flatMap((signal) => [signal.otlpPath, ...signal.extraFormats.map((format) => format.path)].map((path) => ({ method: 'POST' as const, path })));
}

/**
 * OTLP/HTTP and Zipkin ingest for every registered signal, with the limits of `PRISM_INGEST_*`;
 * closing waits for in-flight commits.
 *
 * @example openPrismRuntime(config, logger, [ingestService()])
 */
export function ingestService(): PrismService {
  return {
    name: 'ingest',
    routeShapes: ingestRouteShapes,
    start: ({ config, logger, catalog, hotStore, signals, gateway }) => {
      const limits = { maxBodyBytes: config.ingestMaxBodyBytes, rate: { perSecond: config.ingestRatePerSecond, burst: config.ingestRateBurst } };
      const service = new IngestService(
        { catalog, store: hotStore, hotRoot: config.hotDir, logger },
        {
          limitsFor: () => limits,
          // The catalog refuses a zero lifetime; 1 ms keeps "0" meaning "practically no deduplication".
          idempotencyTtlMs: Math.max(1, config.idempotencyTtlMs),
          digestWindowMs: Math.max(1, config.idempotencyWindowMs),
        },
      );
      return { routes: ingestRoutes({ service, gateway, signals }), close: () => service.drain() };
    },
  };
}
