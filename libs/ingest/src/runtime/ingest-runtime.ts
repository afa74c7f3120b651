import { openCatalog, type Catalog, type CatalogOptions } from '@prism/catalog';
import type { ColumnIndexing, Signal } from '@prism/contract';
import type { Logger, PrismConfig, Route } from '@prism/server';
import { registeredSignals } from '@prism/signal-registry';
import { HotStoreWriter, defaultHotStoreWriterOptions } from '@prism/storage';
import { IngestService } from '../core/ingest-service';
import { TenantGateway } from '../gateway/tenant-gateway';
import { registerLocalShard } from '../gateway/shard-assigner';
import { ingestRoutes } from '../http/ingest-routes';

/** The settings the ingest runtime reads from Prism's configuration. */
export type IngestConfig = Pick<
  PrismConfig,
  'hotDir' | 'catalogDir' | 'databaseUrl' | 'ingestMaxBodyBytes' | 'ingestRatePerSecond' | 'ingestRateBurst' | 'idempotencyTtlMs' | 'idempotencyWindowMs'
>;

/** An open ingest stack: catalog, hot store, service, gateway and routes. */
export interface IngestRuntime {
  catalog: Catalog;
  service: IngestService;
  routes: Route[];
  /** Resolves when the catalog answers a query. */
  catalogReachable(): Promise<boolean>;
  /** Waits for in-flight commits, releases segment leases, closes the catalog. */
  close(): Promise<void>;
}

/** PostgreSQL when `PRISM_DATABASE_URL` is set, else PGlite under `PRISM_CATALOG_DIR`. */
export function catalogOptionsOf(config: Pick<PrismConfig, 'catalogDir' | 'databaseUrl'>): CatalogOptions {
  return config.databaseUrl !== undefined ? { kind: 'postgres', connectionString: config.databaseUrl } : { kind: 'pglite', dataDir: config.catalogDir };
}

/** Dictionary and Bloom columns wanted by any of the signals (one hot store serves them all). */
export function indexingOf(signals: readonly Signal[]): ColumnIndexing {
  const defaults = defaultHotStoreWriterOptions().indexing;
  return {
    dictionary: [...new Set([...defaults.dictionary, ...signals.flatMap((signal) => signal.indexing.dictionary)])],
    bloom: [...new Set([...defaults.bloom, ...signals.flatMap((signal) => signal.indexing.bloom)])],
  };
}

/**
 * Opens the catalog (migrating it), registers the local shard, and builds the ingest service and
 * routes for every registered signal.
 *
 * @example
 * const runtime = await openIngestRuntime(config, logger);
 * server.onClose(() => runtime.close());
 */
export async function openIngestRuntime(config: IngestConfig, logger: Logger): Promise<IngestRuntime> {
  const catalog = await openCatalog(catalogOptionsOf(config));
  try {
    await registerLocalShard(catalog);
  } catch (error) {
    await catalog.close();
    throw error;
  }
  const signals = registeredSignals();
  const store = new HotStoreWriter({ root: config.hotDir, indexing: indexingOf(signals) });
  const limits = { maxBodyBytes: config.ingestMaxBodyBytes, rate: { perSecond: config.ingestRatePerSecond, burst: config.ingestRateBurst } };
  const service = new IngestService(
    { catalog, store, hotRoot: config.hotDir, logger },
    {
      limitsFor: () => limits,
      // The catalog refuses a zero lifetime; 1 ms keeps "0" meaning "practically no deduplication".
      idempotencyTtlMs: Math.max(1, config.idempotencyTtlMs),
      digestWindowMs: Math.max(1, config.idempotencyWindowMs),
    },
  );
  const routes = ingestRoutes({ service, gateway: new TenantGateway(catalog), signals });
  return {
    catalog,
    service,
    routes,
    catalogReachable: async () => {
      await catalog.shards.list();
      return true;
    },
    close: async () => {
      await service.drain();
      await store.close();
      await catalog.close();
    },
  };
}

/** Method and path of every ingest route, known before the runtime is open. */
export function ingestRouteShapes(signals: readonly Signal[] = registeredSignals()): Array<Pick<Route, 'method' | 'path'>> {
  return signals.flatMap((signal) => [signal.otlpPath, ...signal.extraFormats.map((format) => format.path)].map((path) => ({ method: 'POST' as const, path })));
}
