import { mkdir } from 'node:fs/promises';
import type { PrismConfig } from '../config/config-variables';
import { loadConfig } from '../config/load-config';
import type { Environment } from '../config/load-config';
import type { Route } from '../http/http-types';
import type { RequestObserver } from '../http/request-observer';
import { startServer } from '../http/node-server';
import type { ServerHandle } from '../http/node-server';
import { createLogger } from '../logging/json-logger';
import type { Logger } from '../logging/json-logger';

/** The parts of Node's `process` a server entry point uses; tests pass a fake. */
export interface MainProcess {
  env: Environment;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  on(event: 'SIGINT' | 'SIGTERM', listener: (signal: NodeJS.Signals) => void): unknown;
  exit(code: number): void;
}

export interface ServerMainOptions {
  /** The app's endpoints, built once configuration and logger exist. */
  routes: (config: PrismConfig, logger: Logger) => readonly Route[];
  /** Told about every finished request (metrics); read once, after `routes`. */
  observer?: () => RequestObserver | undefined;
  /** Called once the server listens, e.g. to register close hooks. */
  onStarted?: (server: ServerHandle, config: PrismConfig, logger: Logger) => void;
}

/**
 * Everything an app's `main.ts` does: configuration (a bad value → message on stderr, exit 1),
 * the JSON logger, embedded data directories, the server, and SIGINT/SIGTERM → graceful shutdown
 * then exit 0. A second signal exits at once with 1.
 *
 * @example
 * void runServerMain(process, { routes: () => healthRoutes() });
 */
export async function runServerMain(proc: MainProcess, options: ServerMainOptions): Promise<void> {
  const loaded = loadConfig(proc.env);
  if (!loaded.ok) {
    proc.stderr.write(`${loaded.error.message}\n`);
    proc.exit(1);
    return;
  }
  const { config, warnings } = loaded;
  const logger = createLogger({ level: config.logLevel, write: (line) => proc.stdout.write(line) });
  for (const warning of warnings) logger.warn(warning);
  logger.info('starting', describeConfig(config));

  let server: ServerHandle;
  try {
    await createDataDirectories(config);
    const routes = options.routes(config, logger);
    server = await startServer(config, logger, routes, options.observer?.());
    options.onStarted?.(server, config, logger);
  } catch (error) {
    logger.error('startup failed', { error });
    proc.stderr.write(`Prism could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    proc.exit(1);
    return;
  }

  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      logger.warn('second signal: exiting without waiting', { signal });
      proc.exit(1);
      return;
    }
    logger.info('signal received', { signal });
    void server.close().then(() => proc.exit(0));
  };
  proc.on('SIGINT', onSignal);
  proc.on('SIGTERM', onSignal);
}

// The embedded defaults live on the local disk; remote backends need no directory.
async function createDataDirectories(config: PrismConfig): Promise<void> {
  const directories = [config.hotDir];
  if (config.s3Bucket === undefined) directories.push(config.objectsDir);
  if (config.databaseUrl === undefined) directories.push(config.catalogDir);
  for (const directory of directories) await mkdir(directory, { recursive: true });
}

// Never logs the database URL itself: it may carry a password.
function describeConfig(config: PrismConfig): Record<string, unknown> {
  return {
    host: config.host,
    port: config.port,
    hotDir: config.hotDir,
    catalog: config.databaseUrl === undefined ? { kind: 'pglite', dir: config.catalogDir } : { kind: 'postgres' },
    objectStore:
      config.s3Bucket === undefined
        ? { kind: 'filesystem', dir: config.objectsDir }
        : { kind: 's3', bucket: config.s3Bucket, endpoint: config.s3Endpoint, region: config.s3Region },
    logLevel: config.logLevel,
  };
}
