import { healthRoutes, type Logger, type MainProcess, type PrismConfig, type Route, type ServerMainOptions } from '@prism/server';
import { devTenantBanner, ensureDevTenant } from '../admin/tenant-admin';
import { deferredRoutes } from './deferred-routes';
import { ingestRouteShapes, openIngestRuntime, type IngestRuntime } from './ingest-runtime';

/** What an ingest-serving app adds on top of the ingest runtime. */
export interface IngestServerOptions {
  /** Create the "dev" tenant on an empty catalog and print its key (the all-in-one server). */
  bootstrapDevTenant: boolean;
}

/**
 * `runServerMain` options for an app that serves ingest and health: the catalog opens while the
 * server starts (requests wait for it), `/readyz` checks the catalog, and shutdown drains
 * in-flight commits before closing stores. If the catalog cannot be opened the process exits 1.
 *
 * @example void runServerMain(process, ingestServerMain(process, { bootstrapDevTenant: true }));
 */
/**
 * Health and ingest routes whose ingest part serves once the runtime opened (started now), for
 * apps whose route list must be built synchronously (Lambda init, `runServerMain`).
 *
 * @example export const handler = lambdaHandlerFromEnvironment(process.env, (config, logger) => ingestAndHealthRoutes(config, logger).routes);
 */
export function ingestAndHealthRoutes(config: PrismConfig, logger: Logger): { routes: Route[]; runtime: Promise<IngestRuntime> } {
  const runtime = openIngestRuntime(config, logger);
  return {
    runtime,
    routes: [
      ...healthRoutes({ readinessChecks: [{ name: 'catalog', check: async () => (await runtime).catalogReachable() }] }),
      ...deferredRoutes(ingestRouteShapes(), runtime.then((opened) => opened.routes)),
    ],
  };
}

export function ingestServerMain(proc: Pick<MainProcess, 'stderr' | 'exit'>, options: IngestServerOptions): ServerMainOptions {
  let runtime: Promise<IngestRuntime> | undefined;
  return {
    routes: (config: PrismConfig, logger: Logger) => {
      const built = ingestAndHealthRoutes(config, logger);
      runtime = built.runtime;
      return built.routes;
    },
    onStarted: (server, _config, logger) => {
      const opening = runtime as Promise<IngestRuntime>;
      server.onClose(async () => (await opening.catch(() => undefined))?.close());
      opening.then(
        async (opened) => {
          if (!options.bootstrapDevTenant) return;
          const created = await ensureDevTenant(opened.catalog);
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
