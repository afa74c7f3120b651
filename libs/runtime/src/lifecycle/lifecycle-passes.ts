import {
  catalogParquetRetention,
  catalogSealerStore,
  parquetizerPass,
  retentionPass,
  sealerPass,
  defaultParquetizerOptions,
  type LifecycleCliDeps,
  type ParquetizerDeps,
  type ParquetizerEvent,
  type ParquetizerOptions,
  type PassProgress,
  type RetentionDeps,
  type RetentionOptions,
  type SealerDeps,
  type SealerOptions,
} from '@prism/lifecycle';
import type { Logger, PrismConfig } from '@prism/server';
import { datasetIndexingOf } from '@prism/signal-registry';
import type { SharedResources } from '../runtime/shared-resources';

/** The passes a process can run: sealer, parquetizer (`compact`), retention. */
export type LifecyclePassName = 'seal' | 'compact' | 'retain';

/** Names of every pass, in the order data moves through them. */
export const LIFECYCLE_PASSES: readonly LifecyclePassName[] = ['seal', 'compact', 'retain'];

/** A pass's result as counts (JSON-safe: log fields, Lambda results); `failed` > 0 means some work failed. */
export type PassCounts = Record<string, number> & { failed: number };

/** Sealer inputs from the shared resources; `segment.sealed` goes to the shared bus. */
export function sealerDepsOf(resources: SharedResources): SealerDeps {
  return { catalog: catalogSealerStore(resources.catalog), hotRoot: resources.config.hotDir, objects: resources.objects, events: resources.events };
}

/** `PRISM_SEAL_GRACE_MS` and `PRISM_SEAL_MAX_SEGMENT_BYTES`. */
export function sealerOptionsOf(config: PrismConfig): Partial<SealerOptions> {
  return { graceMs: config.sealGraceMs, maxSegmentBytes: config.sealMaxSegmentBytes };
}

/** Parquetizer inputs from the shared resources; `segment.parquetized` goes to the shared bus. */
export function parquetizerDepsOf(resources: SharedResources): ParquetizerDeps {
  return {
    catalog: resources.catalog,
    hotRoot: resources.config.hotDir,
    objectStore: resources.objects,
    clock: Date.now,
    events: resources.events,
    indexingFor: datasetIndexingOf(resources.signals),
  };
}

/** `PRISM_PARQUETIZE_LATENESS_MS` over the parquetizer's defaults. */
export function parquetizerOptionsOf(config: PrismConfig): ParquetizerOptions {
  return { ...defaultParquetizerOptions(), latenessMs: config.parquetizeLatenessMs };
}

/** Retention inputs from the shared resources: segments and the catalog's Parquet files; events to the shared bus. */
export function retentionDepsOf(resources: SharedResources): RetentionDeps {
  const { catalog } = resources;
  return { catalog, hotRoot: resources.config.hotDir, objects: resources.objects, parquet: catalogParquetRetention(catalog), events: resources.events };
}

/** `PRISM_RETENTION_DAYS`. */
export function retentionOptionsOf(config: PrismConfig): Partial<RetentionOptions> {
  return { defaultDays: config.retentionDays };
}

/** Everything `npm run prism -- seal|compact|retain|dlq …` runs on. */
export function lifecycleCliDepsOf(resources: SharedResources): LifecycleCliDeps {
  const { config } = resources;
  return {
    sealer: { deps: sealerDepsOf(resources), options: sealerOptionsOf(config) },
    parquetizer: { deps: parquetizerDepsOf(resources), options: parquetizerOptionsOf(config) },
    retention: { deps: retentionDepsOf(resources), options: retentionOptionsOf(config) },
    deadLetters: resources.catalog.deadLetters,
    bus: resources.events,
  };
}

/** Logs a sealer or retention step (one line per segment; an empty pass only at debug). */
export function logPassProgress(logger: Logger): (progress: PassProgress) => void {
  return (progress) => {
    const fields = {
      pass: progress.pass,
      done: progress.done,
      total: progress.total,
      ...(progress.item !== undefined ? { item: progress.item, outcome: progress.outcome } : {}),
    };
    if (progress.item === undefined && progress.total === 0) logger.debug('lifecycle progress', fields);
    else logger.info('lifecycle progress', fields);
  };
}

/** Logs a parquetizer event: parts written at info, failures at warn, the rest at debug. */
export function logParquetizerEvent(logger: Logger): (event: ParquetizerEvent) => void {
  return (event) => {
    if (event.kind === 'part-written') logger.info('lifecycle progress', { pass: 'compact', ...event });
    else if (event.kind === 'failed') logger.warn('lifecycle progress', { pass: 'compact', ...event, hourStartNs: String(event.hourStartNs) });
    else if (event.kind === 'hour-deferred') logger.debug('lifecycle progress', { pass: 'compact', ...event, hourStartNs: String(event.hourStartNs) });
    else logger.debug('lifecycle progress', { pass: 'compact', ...event });
  };
}

/**
 * Runs one pass on the shared resources with the configured options, logging progress through the
 * runtime's logger; the same code serves the all-in-one timers and the one-shot app mains.
 *
 * @example const counts = await runLifecyclePass(resources, 'seal'); // { sealed: 3, resumed: 0, busy: 0, notDue: 1, failed: 0 }
 */
export async function runLifecyclePass(resources: SharedResources, pass: LifecyclePassName): Promise<PassCounts> {
  const { config, logger } = resources;
  if (pass === 'seal') {
    const summary = await sealerPass(sealerDepsOf(resources), sealerOptionsOf(config), logPassProgress(logger));
    return { sealed: summary.sealed.length, resumed: summary.resumed.length, busy: summary.busy.length, notDue: summary.notDue, failed: summary.failed.length };
  }
  if (pass === 'compact') {
    const report = await parquetizerPass(parquetizerDepsOf(resources), parquetizerOptionsOf(config), logParquetizerEvent(logger));
    return {
      parts: report.parts,
      segments: report.segments,
      rows: report.rows,
      bytes: report.bytes,
      deferredHours: report.deferredHours,
      failed: report.failures,
    };
  }
  const summary = await retentionPass(retentionDepsOf(resources), retentionOptionsOf(config), logPassProgress(logger));
  return {
    deletedSegments: summary.deletedSegments,
    deletedParquetFiles: summary.deletedParquetFiles,
    purgedIdempotencyKeys: summary.purgedIdempotencyKeys,
    failed: summary.failed.length,
  };
}
