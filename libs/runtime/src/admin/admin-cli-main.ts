import { mkdir } from 'node:fs/promises';
import { openCatalog } from '@prism/catalog';
import { createLogger, loadConfig, type MainProcess } from '@prism/server';
import { lifecycleCliDepsOf } from '../lifecycle/lifecycle-passes';
import { catalogOptionsOf, closeSharedResources, openSharedResources } from '../runtime/shared-resources';
import { CliExit, runAdminCli, type CliOutput } from './admin-cli';

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
  const options = catalogOptionsOf(config);
  // Warnings only (failed event handlers), on stderr: stdout carries the command's results.
  const logger = createLogger({ level: 'warn', write: (line) => proc.stderr.write(line) });
  return runAdminCli(
    argv,
    proc,
    async () => {
      if (options.kind === 'pglite' && options.dataDir !== undefined) await mkdir(options.dataDir, { recursive: true });
      return openCatalog(options);
    },
    async () => {
      const resources = await openSharedResources(config, logger);
      return { deps: lifecycleCliDepsOf(resources), close: () => closeSharedResources(resources) };
    },
  );
}
