import { CompiledQuery, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { CatalogDialect } from '../catalog-dialect';
import { quoteIdentifier } from '../../identifiers';

/** How to reach a real PostgreSQL (or Aurora) and which schema the catalog owns there. */
export interface PostgresCatalogOptions {
  connectionString: string;
  /** Schema for the catalog's tables; `public` when absent. Created if missing. */
  schema?: string;
  /** Pool size; the catalog holds a connection for the length of one transaction. */
  maxConnections?: number;
}

/** A kysely PostgresDialect over a `pg` pool whose connections all use the catalog schema. */
export function createPostgresDialect(options: PostgresCatalogOptions): CatalogDialect {
  const schema = options.schema ?? 'public';
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 10 });
  const setSearchPath = CompiledQuery.raw(`set search_path to ${quoteIdentifier(schema, 'schema')}`);
  const dialect = new PostgresDialect({
    pool,
    // The schema may not exist yet on the first connection: openCatalog creates it before migrating.
    onCreateConnection: async (connection) => {
      await connection.executeQuery(setSearchPath);
    },
  });
  return { kind: 'postgres', schema, dialect };
}
