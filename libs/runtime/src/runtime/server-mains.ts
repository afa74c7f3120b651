import { registeredSignals } from '@prism/signal-registry';
import { healthRoutes, type Logger, type MainProcess, type PrismConfig, type Route, type ServerMainOptions } from '@prism/server';
import { devTenantBanner, ensureDevTenant } from '../admin/tenant-admin';
import { deferredRoutes } from './deferred-routes';
import { openPrismRuntime, type PrismRuntime } from './prism-runtime';
import type { PrismService } from './prism-service';

/** What an app runs: its services, and whether it makes the dev tenant on an empty catalog. */
export interface PrismServerOptions {
  services: readonly PrismService[];
  /** Create the "dev" tenant on an empty catalog and print its key (the all-in-one server). */
  bootstrapDevTenant: boolean;
}

/**
 * Health routes plus the services' routes, which serve once the runtime (opening now) is open,
 * for apps whose route list must be built synchronously (Lambda init, `runServerMain`). `/readyz`
 * checks the catalog.
 *
 * @example export const handler = lambdaHandlerFromEnvironment(process.env, (config, logger) => serviceRoutes(config, logger, [queryService()]).routes);
 */
export function serviceRoutes(config: PrismConfig, logger: Logger, services: readonly PrismService[]): { routes: Route[]; runtime: Promise<PrismRuntime> } {
  const runtime = openPrismRuntime(config, logger, services);
  const signals = registeredSignals();
  return {
    runtime,
    routes: [
      ...healthRoutes({ readinessChecks: [{ name: 'catalog', check: async () => (await runtime).catalogReachable() }] }),
      ...deferredRoutes(
        services.flatMap((service) => service.routeShapes(signals)),
        runtime.then((opened) => opened.routes),
      ),
    ],
  };
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
  return {
    routes: (config: PrismConfig, logger: Logger) => {
      const built = serviceRoutes(config, logger, options.services);
      runtime = built.runtime;
      return built.routes;
    },
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
