import { mkdir } from 'node:fs/promises';
import { openCatalog } from '@prism/catalog';
import { loadConfig, type MainProcess } from '@prism/server';
import { catalogOptionsOf } from '../runtime/shared-resources';
import { CliExit, runAdminCli } from './admin-cli';

/**
 * A CLI entry point's whole body: configuration from the environment (the same catalog the
 * server uses), then {@link runAdminCli}; returns the exit code.
 *
 * @example void runAdminCliMain(process, process.argv.slice(2)).then((code) => (process.exitCode = code));
 */
export async function runAdminCliMain(proc: Pick<MainProcess, 'env' | 'stdout' | 'stderr'>, argv: readonly string[]): Promise<number> {
  const loaded = loadConfig(proc.env);
  if (!loaded.ok) {
    proc.stderr.write(`${loaded.error.message}\n`);
    return CliExit.failed;
  }
  const options = catalogOptionsOf(loaded.config);
  return runAdminCli(argv, proc, async () => {
    if (options.kind === 'pglite' && options.dataDir !== undefined) await mkdir(options.dataDir, { recursive: true });
    return openCatalog(options);
  });
}
