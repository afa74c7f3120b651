import { QueryEngine, defaultTieredSourceOptions, queryRoutes, signalRoutes, tieredSegmentSource, type QueryRouteDeps } from '@prism/query';
import type { Route } from '@prism/server';
import { registeredAggregates, registeredSignals, signalByName } from '@prism/signal-registry';
import { shapesOf, type PrismService } from '../runtime/prism-service';

/** Every query route over one engine and authenticator: the DSL endpoint and each registered signal's own routes (spans: the Zipkin v2 API). */
function queryRouteList(deps: QueryRouteDeps): Route[] {
  return [...queryRoutes(deps), ...signalRoutes(registeredSignals(), deps)];
}

/** Stands in for the engine and authenticator while only the route shapes are wanted; never called. */
const notOpen = (): never => {
  throw new Error('the query service is not started');
};

/**
 * The query APIs (`POST /api/v1/query`, and the signals' own routes such as Zipkin v2 `GET /api/v2/…`) over every tier (hot, warm sealed copies and cold
 * Parquet in the object store, one tier per segment by its catalog state), pruned by the catalog, authenticated by
 * `x-api-key` through the shared gateway (401 JSON without a known key, 503 with Retry-After 1 when the catalog is down).
 *
 * @example openPrismRuntime(config, logger, [queryService()])
 */
export function queryService(): PrismService {
  return {
    name: 'query',
    routeShapes: () =>
      shapesOf(
        queryRouteList({
          engine: new QueryEngine({
            catalog: { forTenant: notOpen },
            segments: { listSegmentIds: notOpen, units: notOpen },
            findSignal: signalByName,
            aggregates: registeredAggregates(),
          }),
          authenticate: notOpen,
        }),
      ),
    start: ({ config, catalog, gateway, objects, metrics }) => {
      const segments = tieredSegmentSource({ ...defaultTieredSourceOptions(), hotRoot: config.hotDir, objectStore: objects, catalog });
      const engine = new QueryEngine({
        catalog,
        segments,
        findSignal: signalByName,
        aggregates: registeredAggregates(),
        ...(metrics !== undefined ? { observer: metrics.query } : {}),
      });
      return { routes: queryRouteList({ engine, authenticate: gateway.authenticate }) };
    },
  };
}
