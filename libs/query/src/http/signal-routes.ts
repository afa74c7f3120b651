import { SignalRouteError, type Signal, type SignalQueryRoute } from '@prism/contract';
import { HttpError, jsonResponse, type Route } from '@prism/server';
import { asHttpError, type QueryRouteDeps } from './query-routes';

/**
 * Mounts signal plug-ins' own query routes (`signal.query.routes`, e.g. the spans signal's Zipkin
 * v2 API) over one engine: each request is authenticated first, answered 200 with the JSON of what
 * the route returns, query errors mapped as for the DSL endpoint, a SignalRouteError mapped to its
 * status and code. The query layer knows no signal's routes; it only mounts what signals declare.
 *
 * @example createRouter([...queryRoutes(deps), ...signalRoutes(registeredSignals(), deps)])
 */
export function signalRoutes(signals: readonly Signal[], deps: QueryRouteDeps): Route[] {
  return signals.flatMap((signal) => mountRoutes(signal.query.routes ?? [], deps));
}

/** Mounts `routes` as {@link signalRoutes} does, e.g. one plug-in's routes built with options. */
export function mountRoutes(routes: readonly SignalQueryRoute[], deps: QueryRouteDeps): Route[] {
  const clock = deps.clock ?? Date.now;
  return routes.map((route) => ({
    method: route.method,
    path: route.path,
    handler: async (request, context) => {
      const { tenantId } = await deps.authenticate(request, context);
      try {
        return jsonResponse(200, await route.handle(request, { engine: deps.engine, tenant: { tenantId }, nowMs: clock() }));
      } catch (error) {
        if (error instanceof SignalRouteError) throw new HttpError(error.status, error.code, error.message);
        throw asHttpError(error);
      }
    },
  }));
}
