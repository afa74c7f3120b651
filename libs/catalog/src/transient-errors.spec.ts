import { createServer, type AddressInfo } from 'node:net';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { isTransientCatalogError } from './errors';
import { TEST_DATABASE_URL } from './test-support/catalog-targets';

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function errorOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

// Real failures from the pg driver: the catalog's PostgreSQL half runs on it.
describe('isTransientCatalogError', () => {
  it('is true for a database nobody listens on', async () => {
    const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${await closedPort()}/test` });
    const error = await errorOf(() => client.connect());
    expect(isTransientCatalogError(error)).toBe(true);
  });

  it('is true for a backend terminated under a session, and false for bad SQL and constraint violations', async () => {
    const victim = new pg.Client({ connectionString: TEST_DATABASE_URL });
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await victim.connect();
    await admin.connect();
    victim.on('error', () => undefined); // the terminated connection reports here too
    try {
      expect(isTransientCatalogError(await errorOf(() => victim.query('select * from no_such_table_here')))).toBe(false);
      expect(isTransientCatalogError(await errorOf(() => victim.query('select 1/0')))).toBe(false);
      const { rows } = await victim.query<{ pid: number }>('select pg_backend_pid() as pid');
      await admin.query('select pg_terminate_backend($1)', [rows[0].pid]);
      expect(isTransientCatalogError(await errorOf(() => victim.query('select 1')))).toBe(true);
    } finally {
      await victim.end().catch(() => undefined);
      await admin.end();
    }
  });

  it('is false for errors that are not the database’s', () => {
    expect(isTransientCatalogError(new Error('a bug'))).toBe(false);
    expect(isTransientCatalogError(undefined)).toBe(false);
    expect(isTransientCatalogError({ code: '23505' })).toBe(false);
  });
});
