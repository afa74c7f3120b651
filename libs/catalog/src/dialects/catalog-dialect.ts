import type { Dialect } from 'kysely';

/** The database kinds the catalog runs on. */
export type CatalogDialectKind = 'pglite' | 'postgres';

/**
 * What the catalog needs from a database backend: a kysely dialect and the schema its tables live
 * in. A new backend is one folder under `dialects/` producing this, nothing else.
 */
export interface CatalogDialect {
  readonly kind: CatalogDialectKind;
  /** The schema migrations create tables in and the tenant role is granted on. */
  readonly schema: string;
  readonly dialect: Dialect;
}
