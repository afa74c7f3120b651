import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type Dialect, type Kysely } from 'kysely';
import type { CatalogDialect } from '../catalog-dialect';
import { PgliteDriver } from './pglite-driver';

/** Where PGlite keeps its files; in memory when absent. */
export interface PgliteCatalogOptions {
  dataDir?: string;
}

/** Starts a PGlite instance (about two seconds) and wraps it as the catalog's dialect. */
export async function createPgliteDialect(options: PgliteCatalogOptions): Promise<CatalogDialect> {
  if (options.dataDir !== undefined) await mkdir(options.dataDir, { recursive: true });
  const client = await PGlite.create(options.dataDir === undefined ? {} : { dataDir: options.dataDir });
  const dialect: Dialect = {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new PgliteDriver(client),
    createIntrospector: (db: Kysely<unknown>) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
  return { kind: 'pglite', schema: 'public', dialect };
}
