import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type Dialect, type Kysely } from 'kysely';
import type { CatalogDialect } from '../catalog-dialect';
import { durableStartParams, syncNodeFsWrites, syncTree } from './durable-pglite';
import { PgliteDriver } from './pglite-driver';

/** Where PGlite keeps its files; in memory when absent. */
export interface PgliteCatalogOptions {
  dataDir?: string;
}

/** Starts a PGlite instance (about two seconds; on disk, with fsync at commit) and wraps it as the catalog's dialect. */
export async function createPgliteDialect(options: PgliteCatalogOptions): Promise<CatalogDialect> {
  if (options.dataDir !== undefined) await mkdir(options.dataDir, { recursive: true });
  let client: PGlite;
  if (options.dataDir === undefined) client = await PGlite.create({});
  else {
    // On disk, commits are made durable (PGlite's defaults skip every fsync).
    const fresh = !existsSync(join(options.dataDir, 'PG_VERSION'));
    client = await PGlite.create({ dataDir: options.dataDir, startParams: durableStartParams() });
    syncNodeFsWrites(client.Module as unknown as Parameters<typeof syncNodeFsWrites>[0]);
    if (fresh) {
      await client.exec('checkpoint');
      await syncTree(options.dataDir);
    }
  }
  const dialect: Dialect = {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new PgliteDriver(client),
    createIntrospector: (db: Kysely<unknown>) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
  return { kind: 'pglite', schema: 'public', dialect };
}
