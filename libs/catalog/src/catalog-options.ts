import type { PgliteCatalogOptions } from './dialects/pglite/pglite-dialect';
import type { PostgresCatalogOptions } from './dialects/postgres/postgres-dialect';
import { DEFAULT_TENANT_ROLE } from './tenant-role';

/** Settings shared by every dialect. */
export interface CommonCatalogOptions {
  /** The non-superuser role tenant-scoped transactions run as; created when missing. */
  tenantRole?: string;
  /** Source of "now" for timestamps and idempotency expiry; injectable for tests. */
  clock?: () => Date;
}

/** Which database the catalog opens: embedded PGlite, or a real PostgreSQL. */
export type CatalogOptions =
  ({ kind: 'pglite' } & PgliteCatalogOptions & CommonCatalogOptions) | ({ kind: 'postgres' } & PostgresCatalogOptions & CommonCatalogOptions);

/** Where the embedded catalog lives, relative to the working directory, by default. */
export const DEFAULT_PGLITE_DATA_DIR = '.prism/catalog';

/** The defaults filled in for options left out. */
export function defaultCatalogOptions(): Required<CommonCatalogOptions> {
  return { tenantRole: DEFAULT_TENANT_ROLE, clock: () => new Date() };
}

/**
 * Catalog options from the environment: PostgreSQL when `PRISM_DATABASE_URL` is set (schema from
 * `PRISM_DATABASE_SCHEMA`), otherwise PGlite persisted under `.prism/catalog`.
 * @example const catalog = await openCatalog(catalogOptionsFromEnv(process.env))
 */
export function catalogOptionsFromEnv(env: Readonly<Record<string, string | undefined>>): CatalogOptions {
  const url = env['PRISM_DATABASE_URL'];
  if (url !== undefined && url !== '') {
    const schema = env['PRISM_DATABASE_SCHEMA'];
    return { kind: 'postgres', connectionString: url, ...(schema ? { schema } : {}) };
  }
  return { kind: 'pglite', dataDir: DEFAULT_PGLITE_DATA_DIR };
}
