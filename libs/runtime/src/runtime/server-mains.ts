import { registeredSignals, signalByName } from '@prism/signal-registry';
import { healthRoutes, type Logger, type MainProcess, type PrismConfig, type RequestObserver, type Route, type ServerMainOptions } from '@prism/server';
import { SelfTracer } from '../self-tracing/self-tracer';
import { devTenantBanner, ensureDevTenant } from '../admin/tenant-admin';
import { metricsRoute } from '../metrics/metrics-route';
import { PrismMetrics } from '../metrics/prism-metrics';
import { deferredRoutes } from './deferred-routes';
import { readinessChecksOf } from './readiness-probes';
import { openPrismRuntime, type PrismRuntime } from './prism-runtime';
import type { PrismService } from './prism-service';

/** What an app runs: its services, and whether it makes the dev tenant on an empty catalog. */
export interface PrismServerOptions {
  services: readonly PrismService[];
  /** Create the "dev" tenant on an empty catalog and print its key (the all-in-one server). */
  bootstrapDevTenant: boolean;
}

/**
 * Health routes, `GET /metrics` (unless `PRISM_METRICS_ENABLED` is off) and the services' routes,
 * which serve once the runtime (opening now) is open, for apps whose route list must be built
 * synchronously (Lambda init, `runServerMain`). `/readyz` checks the catalog and the object store.
 *
 * @example export const handler = lambdaHandlerFromEnvironment(process.env, (config, logger) => serviceRoutes(config, logger, [queryService()]).routes);
 */
export function serviceRoutes(
  config: PrismConfig,
  logger: Logger,
  services: readonly PrismService[],
): { routes: Route[]; runtime: Promise<PrismRuntime>; metrics: PrismMetrics | undefined; observer: RequestObserver | undefined } {
  const metrics = config.metricsEnabled ? new PrismMetrics() : undefined;
  const selfTracer = selfTracerOf(config, logger);
  const runtime = openPrismRuntime(config, logger, services, {
    ...(metrics !== undefined ? { metrics } : {}),
    ...(selfTracer !== undefined ? { selfTracer } : {}),
  });
  const signals = registeredSignals();
  const observers = [metrics?.requests, selfTracer?.requests].filter((observer) => observer !== undefined);
  return {
    runtime,
    metrics,
    observer: observers.length === 0 ? undefined : { requestFinished: (request) => observers.forEach((observer) => observer.requestFinished(request)) },
    routes: [
      ...healthRoutes({ readinessChecks: readinessChecksOf(config, runtime), checkTimeoutMs: config.readinessTimeoutMs }),
      ...(metrics !== undefined ? [metricsRoute(metrics)] : []),
      ...deferredRoutes(
        services.flatMap((service) => service.routeShapes(signals)),
        runtime.then((opened) => opened.routes),
      ),
    ],
  };
}

/** The self-tracer `PRISM_SELF_TRACING_TENANT` asks for (its spans need the spans signal registered). */
function selfTracerOf(config: PrismConfig, logger: Logger): SelfTracer | undefined {
  if (config.selfTracingTenant === undefined) return undefined;
  const spans = signalByName('spans');
  if (spans === undefined) {
    logger.warn('self-tracing is off: no spans signal is registered');
    return undefined;
  }
  return new SelfTracer(config.selfTracingTenant, spans, logger.child({ component: 'self-tracing' }));
}

/**
 * `runServerMain` options for an app serving the given services and health: the catalog opens
 * while the server starts (requests wait for it), shutdown closes the services (ingest drains its
 * commits, lifecycle timers stop) and then the stores. Background work (lifecycle timers) starts once
 * the server listens and the runtime is open. If the runtime cannot be opened the process exits 1.
 *
 * @example void runServerMain(process, prismServerMain(process, { services: [ingestService(), queryService()], bootstrapDevTenant: true }));
 */
export function prismServerMain(proc: Pick<MainProcess, 'stderr' | 'exit'>, options: PrismServerOptions): ServerMainOptions {
  let runtime: Promise<PrismRuntime> | undefined;
  let observer: RequestObserver | undefined;
  return {
    routes: (config: PrismConfig, logger: Logger) => {
      const built = serviceRoutes(config, logger, options.services);
      runtime = built.runtime;
      observer = built.observer;
      return built.routes;
    },
    observer: () => observer,
    onStarted: (server, _config, logger) => {
      const opening = runtime as Promise<PrismRuntime>;
      server.onClose(async () => (await opening.catch(() => undefined))?.close());
      opening.then(
        async (opened) => {
          // Timers start only once the server listens and the runtime is open.
          opened.startBackgroundWork({ url: server.address.url });
          if (!options.bootstrapDevTenant) return;
          const created = await ensureDevTenant(opened.resources.catalog);
          if (created !== undefined) proc.stderr.write(devTenantBanner(created, server.address.url));
        },
        (error: unknown) => {
          logger.error('could not open the catalog', { error });
          proc.stderr.write(`Prism could not start: ${error instanceof Error ? error.message : String(error)}\n`);
          void server.close().then(() => proc.exit(1));
        },
      );
    },
  };
}
