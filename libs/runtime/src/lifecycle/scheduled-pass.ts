import type { ScheduledEvent } from '@prism/lifecycle';
import { createLogger, loadConfig, type Environment, type Logger, type MainProcess, type PrismConfig } from '@prism/server';
import { closeSharedResources, openSharedResources, type SharedResources } from '../runtime/shared-resources';
import { runLifecyclePass, type LifecyclePassName, type PassCounts } from './lifecycle-passes';

/** A Lambda handler for EventBridge scheduled events, plus `close` for one-shot use. */
export interface ScheduledPassHandler {
  handler: (event?: ScheduledEvent) => Promise<PassCounts>;
  /** Closes the resources a call opened (one-shot runs; a Lambda container never calls it). */
  close(): Promise<void>;
}

/**
 * One pass per invocation on resources opened once per cold start (a failed open is retried on the
 * next call). Progress and the result go to the JSON log.
 */
export function scheduledPassHandler(config: PrismConfig, logger: Logger, pass: LifecyclePassName): ScheduledPassHandler {
  let resources: Promise<SharedResources> | undefined;
  return {
    handler: async (event) => {
      resources ??= openSharedResources(config, logger).catch((error: unknown) => {
        resources = undefined;
        throw error;
      });
      const started = Date.now();
      const counts = await runLifecyclePass(await resources, pass);
      logger.info('lifecycle pass finished', { pass, scheduledAt: event?.time, durationMs: Date.now() - started, ...counts });
      return counts;
    },
    close: async () => {
      const opened = await resources?.catch(() => undefined);
      resources = undefined;
      if (opened !== undefined) await closeSharedResources(opened);
    },
  };
}

/**
 * The Lambda `handler` of a lifecycle app, configured from the environment: a bad variable throws
 * at init (the function fails to start rather than running half-configured).
 *
 * @example export const handler = scheduledPassFromEnvironment(process.env, 'seal');
 */
export function scheduledPassFromEnvironment(env: Environment, pass: LifecyclePassName): ScheduledPassHandler['handler'] {
  const loaded = loadConfig(env);
  if (!loaded.ok) throw loaded.error;
  const logger = createLogger({ level: loaded.config.logLevel });
  for (const warning of loaded.warnings) logger.warn(warning);
  return scheduledPassHandler(loaded.config, logger, pass).handler;
}

/**
 * A lifecycle app's `main`: one pass, by hand or as a container job, with JSON logs on stdout.
 * Returns the exit code: 0 done, 1 some work failed or the pass could not run (bad configuration
 * on stderr).
 *
 * @example void runLifecyclePassMain(process, 'seal').then((code) => (process.exitCode = code));
 */
export async function runLifecyclePassMain(proc: Pick<MainProcess, 'env' | 'stdout' | 'stderr'>, pass: LifecyclePassName): Promise<number> {
  const loaded = loadConfig(proc.env);
  if (!loaded.ok) {
    proc.stderr.write(`${loaded.error.message}\n`);
    return 1;
  }
  const logger = createLogger({ level: loaded.config.logLevel, write: (line) => proc.stdout.write(line) });
  for (const warning of loaded.warnings) logger.warn(warning);
  const once = scheduledPassHandler(loaded.config, logger, pass);
  try {
    return (await once.handler()).failed > 0 ? 1 : 0;
  } catch (error) {
    logger.error('lifecycle pass could not run', { pass, error: error instanceof Error ? error.message : String(error) });
    return 1;
  } finally {
    await once.close();
  }
}
