import { BrokenCircuitError, ConsecutiveBreaker, circuitBreaker, handleAll, type CircuitBreakerPolicy } from 'cockatiel';
import { CompiledQuery, PostgresDialect, type PostgresPool } from 'kysely';
import pg from 'pg';
import type { CatalogDialect } from '../catalog-dialect';
import { CatalogUnavailableError } from '../../errors';
import { quoteIdentifier } from '../../identifiers';

/** How to reach a real PostgreSQL (or Aurora) and which schema the catalog owns there. */
export interface PostgresCatalogOptions {
  connectionString: string;
  /** Schema for the catalog's tables; `public` when absent. Created if missing. */
  schema?: string;
  /** Pool size; the catalog holds a connection for the length of one transaction. */
  maxConnections?: number;
  /** How long getting a connection may take before it fails (default 5 s): a dead host must not hang requests. */
  connectTimeoutMs?: number;
  /** Longest a single statement may run before PostgreSQL cancels it (default 30 s): a stuck catalog answers 503, not never. */
  statementTimeoutMs?: number;
  /** The circuit breaker on getting connections (defaults: 5 failures in a row open it for 10 s). */
  breaker?: { failuresToOpen?: number; openMs?: number };
}

/**
 * A kysely PostgresDialect over a `pg` pool whose connections all use the catalog schema. Getting
 * a connection goes through a circuit breaker (cockatiel's): once `failuresToOpen` connection
 * attempts in a row have failed, every catalog call fails at once with a CatalogUnavailableError
 * (the edge answers 503) until `openMs` has passed and one attempt succeeds again, so a dead
 * database does not pile up requests each waiting for its own connect timeout.
 */
export function createPostgresDialect(options: PostgresCatalogOptions): CatalogDialect {
  const schema = options.schema ?? 'public';
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
  });
  // A connection the server drops (restart, failover, terminated backend) emits 'error': on the pool
  // when idle, on the client while kysely holds it (kysely listens for neither). Unhandled, either
  // would end the process. pg has already failed the connection's queries and the pool discards it.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const failuresToOpen = options.breaker?.failuresToOpen ?? 5;
  const openMs = options.breaker?.openMs ?? 10_000;
  const breaker = circuitBreaker(handleAll, { halfOpenAfter: openMs, breaker: new ConsecutiveBreaker(failuresToOpen) });
  const setSearchPath = CompiledQuery.raw(`set search_path to ${quoteIdentifier(schema, 'schema')}`);
  const statementTimeoutMs = options.statementTimeoutMs ?? 30_000;
  if (!Number.isInteger(statementTimeoutMs) || statementTimeoutMs < 0)
    throw new RangeError(`statementTimeoutMs must be a whole number of ms, got ${statementTimeoutMs}`);
  const setStatementTimeout = CompiledQuery.raw(`set statement_timeout = ${statementTimeoutMs}`);
  const dialect = new PostgresDialect({
    pool: guardedPool(pool, breaker, `the catalog database failed ${failuresToOpen} connection attempts in a row; not trying for up to ${openMs} ms`),
    // The schema may not exist yet on the first connection: openCatalog creates it before migrating.
    onCreateConnection: async (connection) => {
      await connection.executeQuery(setSearchPath);
      await connection.executeQuery(setStatementTimeout);
    },
  });
  return { kind: 'postgres', schema, dialect };
}

function guardedPool(pool: pg.Pool, breaker: CircuitBreakerPolicy, openMessage: string): PostgresPool {
  return {
    connect: async () => {
      try {
        return await breaker.execute(() => pool.connect());
      } catch (error) {
        if (error instanceof BrokenCircuitError) throw new CatalogUnavailableError(openMessage, { cause: error });
        throw error;
      }
    },
    end: () => pool.end(),
  };
}
