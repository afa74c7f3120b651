import type { Logger, PrismConfig, Route } from '@prism/server';
import { registeredSignals } from '@prism/signal-registry';
import type { PrismService, ServingAddress, StartedService } from './prism-service';
import { closeSharedResources, openSharedResources, type SharedResourceTuning, type SharedResources } from './shared-resources';

/** Shared resources with the services an app asked for, started on them. */
export interface PrismRuntime {
  readonly resources: SharedResources;
  /** Every started service's routes, in the order the services were listed. */
  readonly routes: Route[];
  /** Resolves when the catalog answers a query (readiness). */
  catalogReachable(): Promise<boolean>;
  /** Starts the services' background work (lifecycle timers, the admin handshake); call once the server listens at `serving`. */
  startBackgroundWork(serving?: ServingAddress): void;
  /** Closes the services in reverse order (ingest drains its commits), then the shared resources. */
  close(): Promise<void>;
}

/**
 * Opens the shared resources once and starts each service on them. If a service fails to start,
 * the ones already started and the resources are closed before the error propagates.
 *
 * @example
 * const runtime = await openPrismRuntime(config, logger, [ingestService(), queryService()]);
 * const server = await startServer(config, logger, runtime.routes);
 * server.onClose(() => runtime.close());
 */
export async function openPrismRuntime(
  config: PrismConfig,
  logger: Logger,
  services: readonly PrismService[],
  tuning: SharedResourceTuning = {},
): Promise<PrismRuntime> {
  const names = services.map((service) => service.name);
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated !== undefined) throw new Error(`service "${repeated}" is listed twice`);

  const resources = await openSharedResources(config, logger, registeredSignals(), tuning);
  const started: StartedService[] = [];
  const closeAll = async () => {
    try {
      for (const service of [...started].reverse()) await service.close?.();
    } finally {
      await closeSharedResources(resources);
    }
  };
  try {
    for (const service of services) started.push(await service.start(resources));
  } catch (error) {
    await closeAll();
    throw error;
  }
  return {
    resources,
    routes: started.flatMap((service) => [...service.routes]),
    catalogReachable: async () => {
      await resources.catalog.shards.listAll();
      return true;
    },
    startBackgroundWork: (serving) => {
      for (const service of started) service.startBackgroundWork?.(serving);
    },
    close: closeAll,
  };
}
