import { mkdir } from 'node:fs/promises';
import { CatalogInUseError, openCatalog } from '@prism/catalog';
import { registeredSignals } from '@prism/signal-registry';
import { createLogger, loadConfig, type MainProcess, type PrismConfig } from '@prism/server';
import { lifecycleCliDepsOf } from '../lifecycle/lifecycle-passes';
import { catalogOptionsOf, closeSharedResources, openSharedResources } from '../runtime/shared-resources';
import { catalogAdminClient, type AdminClient } from './admin-client';
import { CliExit, runAdminCli, type CliOutput } from './admin-cli';
import { readAdminHandshake } from './admin-handshake';
import { httpAdminClient } from './http-admin-client';

/** How the CLI names itself in the embedded catalog's lock. */
export const CLI_CATALOG_OWNER = 'prism cli';

/**
 * A CLI entry point's whole body: configuration from the environment (the same catalog the
 * server uses), then {@link runAdminCli}; returns the exit code.
 *
 * @example void runAdminCliMain(process, process.argv.slice(2)).then((code) => (process.exitCode = code));
 */
export async function runAdminCliMain(proc: Pick<MainProcess, 'env' | 'stdout'> & Pick<CliOutput, 'stderr'>, argv: readonly string[]): Promise<number> {
  const loaded = loadConfig(proc.env);
  if (!loaded.ok) {
    proc.stderr.write(`${loaded.error.message}\n`);
    return CliExit.failed;
  }
  const { config } = loaded;
  // Warnings only (failed event handlers), on stderr: stdout carries the command's results.
  const logger = createLogger({ level: 'warn', write: (line) => proc.stderr.write(line) });
  return runAdminCli(
    argv,
    proc,
    () => openAdminClient(config, proc.stderr),
    async () => {
      const resources = await openSharedResources(config, logger, registeredSignals(), { catalogOwner: CLI_CATALOG_OWNER });
      return { deps: lifecycleCliDepsOf(resources), close: () => closeSharedResources(resources) };
    },
  );
}

/**
 * The catalog, opened by the CLI; or, when a running server holds the embedded catalog, that
 * server's admin API, found through the handshake file it wrote beside the lock. Without a
 * handshake from the lock's holder (a server still starting, another CLI) the in-use error stands.
 */
async function openAdminClient(config: PrismConfig, stderr: CliOutput['stderr']): Promise<AdminClient> {
  const options = catalogOptionsOf(config, CLI_CATALOG_OWNER);
  if (options.kind === 'pglite' && options.dataDir !== undefined) await mkdir(options.dataDir, { recursive: true });
  try {
    return catalogAdminClient(await openCatalog(options));
  } catch (error) {
    if (!(error instanceof CatalogInUseError)) throw error;
    const handshake = readAdminHandshake(config.catalogDir);
    if (handshake === undefined || handshake.pid !== error.ownerPid) throw error;
    stderr.write(`prism: the server (process ${handshake.pid}) has the catalog open; asking it through its admin API at ${handshake.url}\n`);
    return httpAdminClient(handshake);
  }
}
