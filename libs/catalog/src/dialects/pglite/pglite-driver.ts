import type { PGlite } from '@electric-sql/pglite';
import { CompiledQuery, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';

/**
 * A kysely driver over one PGlite instance. PGlite is a single Postgres session, so the one
 * connection is handed out under a lock: a transaction keeps it until kysely releases it, and
 * queries from elsewhere wait instead of landing inside someone else's transaction (the
 * kysely-pglite driver shares the session without a lock, which interleaves transactions).
 */
export class PgliteDriver implements Driver {
  readonly #connection: PgliteConnection;
  #tail: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;
  #closed = false;

  constructor(
    private readonly client: PGlite,
    /** Runs once PGlite is closed, e.g. to release the data directory's lock. */
    private readonly afterClose?: () => Promise<void>,
  ) {
    this.#connection = new PgliteConnection(client);
  }

  async init(): Promise<void> {
    await this.client.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.#release = release;
    return this.#connection;
  }

  async releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async destroy(): Promise<void> {
    // kysely may call destroy more than once; PGlite must be closed exactly once.
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.client.close();
    } finally {
      await this.afterClose?.();
    }
  }
}

class PgliteConnection implements DatabaseConnection {
  constructor(private readonly client: PGlite) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.client.query<R>(compiledQuery.sql, [...compiledQuery.parameters]);
    // kysely reads numAffectedRows for update/delete results (e.g. executeTakeFirst().numUpdatedRows).
    return result.affectedRows === undefined ? { rows: result.rows } : { rows: result.rows, numAffectedRows: BigInt(result.affectedRows) };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported on PGlite');
  }
}
