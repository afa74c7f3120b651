import { mkdir } from 'node:fs/promises';
import { openCatalog, type Catalog, type CatalogOptions } from '@prism/catalog';
import type { Signal } from '@prism/contract';
import { CachedApiKeyLookup, registerLocalShard } from '@prism/ingest';
import { ApiKeyGateway, type Logger, type PrismConfig } from '@prism/server';
import { datasetIndexingOf, registeredSignals } from '@prism/signal-registry';
import { InProcessEventBus, defaultRetrySchedule, type RetrySchedule } from '@prism/lifecycle';
import { HotStoreWriter, objectStoreFromOptions, type ObjectStore, type ObjectStoreConfig } from '@prism/storage';
import type { PrismMetrics } from '../metrics/prism-metrics';
import type { SelfTracer } from '../self-tracing/self-tracer';

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
  /** `x-api-key` → tenant context over the catalog's keys (cached), shared by every service that authenticates requests. */
  readonly gateway: ApiKeyGateway;
  /** Warm segments and cold Parquet: the filesystem under `PRISM_OBJECTS_DIR`, or S3 when `PRISM_S3_BUCKET` is set; with retries. */
  readonly objects: ObjectStore;
  /** Lifecycle events (`segment.sealed`, `segment.expired`); handlers that fail every retry land in `catalog.deadLetters`. */
  readonly events: InProcessEventBus;
  /** Where services record their metrics; absent when `PRISM_METRICS_ENABLED` is off (and in one-shot processes such as the CLI). */
  readonly metrics?: PrismMetrics;
  /** Self-tracing (`PRISM_SELF_TRACING_TENANT`): the ingest service attaches itself as the spans' destination. */
  readonly selfTracer?: SelfTracer;
}

/** Settings a test may shorten (production uses the defaults), and the process's name in the catalog lock. */
export interface SharedResourceTuning {
  /** Retries of lifecycle event handlers before an event is dead-lettered. */
  eventRetry?: Partial<RetrySchedule>;
  /** Lease TTL of ingest's hot-segment writers: an idle writer's lease lapses after it, and only then can the sealer freeze its segment. */
  hotLeaseTtlMs?: number;
  /** What the process is called in the embedded catalog's lock, for whoever finds it in use: `prism server` by default. */
  catalogOwner?: string;
  /** The process's metrics, which services record into (see `SharedResources.metrics`). */
  metrics?: PrismMetrics;
  /** The process's self-tracer (see `SharedResources.selfTracer`). */
  selfTracer?: SelfTracer;
}

/** How a server names itself in the embedded catalog's lock. */
export const SERVER_CATALOG_OWNER = 'prism server';

/** Name of the handler every process subscribes, so that a dead letter for it can be replayed anywhere (CLI included). */
export const LIFECYCLE_LOG_HANDLER = 'lifecycle-log';

/** PostgreSQL when `PRISM_DATABASE_URL` is set, else PGlite under `PRISM_CATALOG_DIR`, locked in the name of `owner`. */
export function catalogOptionsOf(
  config: Pick<PrismConfig, 'catalogDir' | 'catalogSeed' | 'databaseUrl'>,
  owner: string = SERVER_CATALOG_OWNER,
): CatalogOptions {
  if (config.databaseUrl !== undefined) return { kind: 'postgres', connectionString: config.databaseUrl };
  return { kind: 'pglite', dataDir: config.catalogDir, owner, ...(config.catalogSeed !== undefined ? { seed: config.catalogSeed } : {}) };
}

/** S3 when `PRISM_S3_BUCKET` is set, else the filesystem under `PRISM_OBJECTS_DIR`. */
export function objectStoreConfigOf(config: Pick<PrismConfig, 'objectsDir' | 's3Bucket' | 's3Endpoint' | 's3Region' | 's3ForcePathStyle'>): ObjectStoreConfig {
  if (config.s3Bucket === undefined) return { kind: 'filesystem', dir: config.objectsDir };
  return {
    kind: 's3',
    bucket: config.s3Bucket,
    ...(config.s3Endpoint !== undefined ? { endpoint: config.s3Endpoint } : {}),
    ...(config.s3Region !== undefined ? { region: config.s3Region } : {}),
    ...(config.s3ForcePathStyle !== undefined ? { forcePathStyle: config.s3ForcePathStyle } : {}),
  };
}

/**
 * Opens the catalog (migrating it, creating PGlite's directory), registers the local shard, and
 * creates the hot-store writer (each dataset indexed as its signal declares) and gateway for every
 * registered signal. `closeSharedResources`
 * releases them; services close first.
 *
 * @example const resources = await openSharedResources(config, logger);
 */
export async function openSharedResources(
  config: PrismConfig,
  logger: Logger,
  signals: readonly Signal[] = registeredSignals(),
  tuning: SharedResourceTuning = {},
): Promise<SharedResources> {
  const options = catalogOptionsOf(config, tuning.catalogOwner);
  if (options.kind === 'pglite' && options.dataDir !== undefined) await mkdir(options.dataDir, { recursive: true });
  const catalog = await openCatalog(options);
  try {
    await registerLocalShard(catalog);
  } catch (error) {
    await catalog.close();
    throw error;
  }
  const hotStore = new HotStoreWriter({
    root: config.hotDir,
    indexingFor: datasetIndexingOf(signals),
    ...(tuning.hotLeaseTtlMs !== undefined ? { leaseTtlMs: tuning.hotLeaseTtlMs } : {}),
  });
  const events = lifecycleEventBus(catalog, logger, tuning.eventRetry);
  return {
    config,
    logger,
    catalog,
    hotStore,
    signals,
    gateway: new ApiKeyGateway(new CachedApiKeyLookup(catalog)),
    objects: objectStoreFromOptions(objectStoreConfigOf(config)),
    events,
    ...(tuning.metrics !== undefined ? { metrics: tuning.metrics } : {}),
    ...(tuning.selfTracer !== undefined ? { selfTracer: tuning.selfTracer } : {}),
  };
}

/** The bus with dead letters in the catalog, failed attempts logged, and the log handler every process shares. */
function lifecycleEventBus(catalog: Catalog, logger: Logger, retry: Partial<RetrySchedule> | undefined): InProcessEventBus {
  const events = new InProcessEventBus({
    deadLetters: catalog.deadLetters,
    ...(retry !== undefined ? { retry: { ...defaultRetrySchedule(), ...retry } } : {}),
    onFailure: ({ handler, event, attempt, error }) =>
      logger.warn('lifecycle event handler failed', {
        handler,
        eventType: event.type,
        segmentId: event.segmentId,
        attempt,
        error: error instanceof Error ? error.message : String(error),
      }),
  });
  events.subscribe(LIFECYCLE_LOG_HANDLER, async (event) =>
    logger.info('lifecycle event', { eventType: event.type, tenantId: event.tenantId, segmentId: event.segmentId, detail: event.detail }),
  );
  return events;
}

/** Releases segment leases, then closes the catalog. */
export async function closeSharedResources(resources: SharedResources): Promise<void> {
  try {
    await resources.hotStore.close();
  } finally {
    await resources.catalog.close();
  }
}
