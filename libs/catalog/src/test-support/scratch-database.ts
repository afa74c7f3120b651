import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A PostgreSQL database made for one spec: its URL, and `drop()` to remove it (connections included). */
export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * Creates a fresh database on the PostgreSQL at `serverUrl` (its database part is only used to
 * connect), for specs that run a whole catalog on PostgreSQL without sharing a schema with other
 * specs; `undefined` when that server cannot be reached.
 */
export async function createScratchDatabase(serverUrl: string, prefix = 'prism_scratch'): Promise<ScratchDatabase | undefined> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query(sql);
    } finally {
      await client.end().catch(() => undefined);
    }
  };
  try {
    await run(`create database "${name}"`);
  } catch {
    return undefined;
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`drop database if exists "${name}" with (force)`) };
}
