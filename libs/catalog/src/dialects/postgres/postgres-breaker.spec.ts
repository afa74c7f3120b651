import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalog, type Catalog } from '../../catalog';
import { sql } from 'kysely';
import { CatalogUnavailableError, isTransientCatalogError, sqlStateOf } from '../../errors';
import { TEST_DATABASE_URL, catalogTargets } from '../../test-support/catalog-targets';

/** A loopback TCP proxy to the test PostgreSQL that can be taken down (it drops every connection, open ones too) and up. */
class DatabaseSwitch {
  accepted = 0;
  private down = false;
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;

  constructor(upstream: URL) {
    this.server = createServer((client) => {
      this.accepted++;
      if (this.down) return void client.destroy();
      const server = connect(Number(upstream.port || 5432), upstream.hostname);
      for (const socket of [client, server]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(server).pipe(client);
      client.on('close', () => server.destroy());
      server.on('close', () => client.destroy());
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const url = new URL(TEST_DATABASE_URL);
    url.host = `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return url.toString();
  }

  takeDown(): void {
    this.down = true;
    for (const socket of this.sockets) socket.destroy();
  }

  bringUp(): void {
    this.down = false;
  }

  stop(): Promise<void> {
    this.takeDown();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const postgres = catalogTargets.find((target) => target.name === 'postgres');

describe.skipIf(postgres?.available !== true)('the PostgreSQL catalog when its database goes away and comes back', () => {
  const database = new DatabaseSwitch(new URL(TEST_DATABASE_URL));
  let catalog: Catalog;
  let cleanUp: () => Promise<void>;

  beforeAll(async () => {
    const connectionString = await database.start();
    if (postgres === undefined) throw new Error('no PostgreSQL target');
    const prepared = postgres.prepare();
    cleanUp = prepared.cleanUp;
    const options = prepared.options;
    if (options.kind !== 'postgres') throw new Error('expected the PostgreSQL target');
    catalog = await openCatalog({ ...options, connectionString, breaker: { failuresToOpen: 2, openMs: 300 }, connectTimeoutMs: 2_000 });
    await catalog.tenants.create({ tenantId: 'acme' });
  }, 30_000);
  afterAll(async () => {
    await catalog?.close();
    await database.stop();
    await cleanUp?.();
  });

  it('fails transiently while it is down, then fast without connecting once the circuit opens, and recovers on its own', async () => {
    database.takeDown();
    // The first calls fail on the dropped connections and then on connecting; each is transient.
    const failures: unknown[] = [];
    while (failures.length < 6) {
      const error = await catalog.tenants.list().catch((failure: unknown) => failure);
      if (error instanceof CatalogUnavailableError) break;
      expect(isTransientCatalogError(error), String(error)).toBe(true);
      failures.push(error);
    }
    expect(failures.length).toBeGreaterThanOrEqual(2);
    expect(failures.length).toBeLessThan(6);
    const attemptsBefore = database.accepted;
    const fast = await catalog.tenants.list().catch((failure: unknown) => failure);
    expect(fast).toBeInstanceOf(CatalogUnavailableError);
    expect(isTransientCatalogError(fast)).toBe(true);
    expect(database.accepted).toBe(attemptsBefore);

    database.bringUp();
    await pause(400);
    expect((await catalog.tenants.list()).map((tenant) => tenant.tenantId)).toEqual(['acme']);
    // Closed again: later calls connect normally.
    expect((await catalog.tenants.list()).map((tenant) => tenant.tenantId)).toEqual(['acme']);
  });

  it('cancels a statement that runs past the statement timeout, as a transient error', async () => {
    const postgresTarget = postgres;
    if (postgresTarget === undefined) throw new Error('no PostgreSQL target');
    const prepared = postgresTarget.prepare();
    if (prepared.options.kind !== 'postgres') throw new Error('expected the PostgreSQL target');
    const impatient = await openCatalog({ ...prepared.options, statementTimeoutMs: 200 });
    try {
      const error = await sql`select pg_sleep(2)`.execute(impatient.db).catch((failure: unknown) => failure);
      expect(sqlStateOf(error)).toBe('57014');
      expect(isTransientCatalogError(error)).toBe(true);
      expect((await impatient.tenants.list()).length).toBe(0);
    } finally {
      await impatient.close();
      await prepared.cleanUp();
    }
  });
});
