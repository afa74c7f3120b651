import { mkdir } from 'node:fs/promises';
import { openCatalog, type Catalog, type CatalogOptions } from '@prism/catalog';
import type { ColumnIndexing, Signal } from '@prism/contract';
import { TenantGateway, registerLocalShard } from '@prism/ingest';
import type { Logger, PrismConfig } from '@prism/server';
import { registeredSignals } from '@prism/signal-registry';
import { HotStoreWriter, defaultHotStoreWriterOptions } from '@prism/storage';

/**
 * What a Prism process opens once from its configuration and every service shares: one catalog
 * connection, one hot-store writer (segment leases are per process), one API-key gateway cache.
 */
export interface SharedResources {
  readonly config: PrismConfig;
  readonly logger: Logger;
  readonly catalog: Catalog;
  /** The writer ingest commits through; readers open `config.hotDir` directly. */
  readonly hotStore: HotStoreWriter;
  readonly signals: readonly Signal[];
  /** `x-api-key` → tenant, shared by every service that authenticates requests. */
  readonly gateway: TenantGateway;
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
 * Opens the catalog (migrating it, creating PGlite's directory), registers the local shard, and
 * creates the hot-store writer and gateway for every registered signal. `closeSharedResources`
 * releases them; services close first.
 *
 * @example const resources = await openSharedResources(config, logger);
 */
export async function openSharedResources(config: PrismConfig, logger: Logger, signals: readonly Signal[] = registeredSignals()): Promise<SharedResources> {
  const options = catalogOptionsOf(config);
  if (options.kind === 'pglite' && options.dataDir !== undefined) await mkdir(options.dataDir, { recursive: true });
  const catalog = await openCatalog(options);
  try {
    await registerLocalShard(catalog);
  } catch (error) {
    await catalog.close();
    throw error;
  }
  const hotStore = new HotStoreWriter({ root: config.hotDir, indexing: indexingOf(signals) });
  return { config, logger, catalog, hotStore, signals, gateway: new TenantGateway(catalog) };
}

/** Releases segment leases, then closes the catalog. */
export async function closeSharedResources(resources: SharedResources): Promise<void> {
  try {
    await resources.hotStore.close();
  } finally {
    await resources.catalog.close();
  }
}
