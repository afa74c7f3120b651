import { LifecycleScheduler, type ScheduledJob, type SchedulerEvent } from '@prism/lifecycle';
import type { Logger, PrismConfig } from '@prism/server';
import { runLifecyclePass, type LifecyclePassName } from '../lifecycle/lifecycle-passes';
import type { PrismService } from '../runtime/prism-service';
import type { SharedResources } from '../runtime/shared-resources';

/** Interval of each pass's timer from configuration (`0` turns a timer off). */
function intervalOf(config: PrismConfig, pass: LifecyclePassName): number {
  if (pass === 'seal') return config.sealIntervalMs;
  if (pass === 'compact') return config.parquetizeIntervalMs;
  return config.retentionIntervalMs;
}

/** The sealer, parquetizer and retention passes as scheduler jobs on the shared resources. */
export function lifecycleJobs(resources: SharedResources): ScheduledJob[] {
  return (['seal', 'compact', 'retain'] as const).map((pass) => ({
    name: pass,
    intervalMs: intervalOf(resources.config, pass),
    run: () =>
      resources.metrics === undefined ? runLifecyclePass(resources, pass) : resources.metrics.recordPass(pass, () => runLifecyclePass(resources, pass)),
  }));
}

/** Logs a job's start (debug), its counts when it ends (info), or its failure (error). */
function logSchedulerEvent(logger: Logger): (event: SchedulerEvent) => void {
  return (event) => {
    if (event.kind === 'started') logger.debug('lifecycle pass started', { pass: event.job });
    else if (event.kind === 'finished')
      logger.info('lifecycle pass finished', { pass: event.job, durationMs: event.durationMs, ...(event.result as Record<string, number>) });
    else
      logger.error('lifecycle pass failed', {
        pass: event.job,
        durationMs: event.durationMs,
        error: event.error instanceof Error ? event.error.message : String(event.error),
      });
  };
}

/**
 * The lifecycle jobs of the all-in-one server, no routes: sealer every `PRISM_SEAL_INTERVAL_MS`,
 * parquetizer every `PRISM_PARQUETIZE_INTERVAL_MS`, retention every `PRISM_RETENTION_INTERVAL_MS`,
 * with progress in the JSON log. Timers start once the server listens (`startBackgroundWork`); closing
 * stops them and waits for running passes, before the catalog closes.
 *
 * @example prismServerMain(process, { services: [ingestService(), queryService(), lifecycleService()], bootstrapDevTenant: true })
 */
export function lifecycleService(): PrismService {
  return {
    name: 'lifecycle',
    routeShapes: () => [],
    start: (resources) => {
      const scheduler = new LifecycleScheduler({
        jobs: lifecycleJobs(resources),
        onEvent: logSchedulerEvent(resources.logger.child({ service: 'lifecycle' })),
      });
      return { routes: [], startBackgroundWork: () => scheduler.start(), close: () => scheduler.stop() };
    },
  };
}
