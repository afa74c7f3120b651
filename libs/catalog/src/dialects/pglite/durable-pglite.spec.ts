import { mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { fsyncSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { durableStartParams, syncNodeFsWrites, syncTree } from './durable-pglite';
import { readPgliteClusterSeed } from './cluster-seed';
import { createPgliteDialect } from './pglite-dialect';
import { testCatalogSeed } from '../../testing';

/** PGlite's loadDataDir from the global setup's seed (skipping initdb), or nothing without one. */
async function seededCluster(): Promise<{ loadDataDir?: Blob }> {
  const { seed } = testCatalogSeed();
  return seed === undefined ? {} : { loadDataDir: await readPgliteClusterSeed(seed) };
}

/** The file an open descriptor of this process refers to (Linux). */
function pathOfFd(fd: number): string {
  return readlinkSync(`/proc/self/fd/${fd}`);
}

describe('durable PGlite', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'prism-durable-pglite-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('turns fsync on and flushes the WAL with fsync (PGlite ignores fdatasync)', () => {
    const params = durableStartParams(['--single', '-F', '-O', '-c', 'search_path=public']);
    expect(params).not.toContain('-F');
    expect(params).toEqual(['--single', '-O', '-c', 'search_path=public', '-c', 'fsync=on', '-c', 'wal_sync_method=fsync']);
  });

  describe('on a real PGlite data directory', () => {
    let pg: PGlite;
    const synced: string[] = [];

    beforeAll(async () => {
      pg = await PGlite.create({ dataDir: tempDir(), startParams: durableStartParams(), ...(await seededCluster()) });
      syncNodeFsWrites(pg.Module as unknown as Parameters<typeof syncNodeFsWrites>[0], (fd) => {
        synced.push(pathOfFd(fd));
        fsyncSync(fd);
      });
      await pg.exec('create table items (id integer primary key)');
    }, 60_000);
    afterAll(() => pg.close());

    it('runs Postgres with fsync on', async () => {
      expect((await pg.query<{ fsync: string }>('show fsync')).rows[0].fsync).toBe('on');
      expect((await pg.query<{ wal_sync_method: string }>('show wal_sync_method')).rows[0].wal_sync_method).toBe('fsync');
    });

    it('syncs the WAL before a commit returns', async () => {
      synced.length = 0;
      await pg.query('insert into items values (1)');
      expect(synced.some((path) => path.includes('/pg_wal/'))).toBe(true);
    });

    it('syncs nothing for a read-only statement', async () => {
      synced.length = 0;
      await pg.query('select count(*) from items');
      expect(synced).toEqual([]);
    });

    it('syncs the table files at a checkpoint', async () => {
      await pg.query('insert into items values (2)');
      synced.length = 0;
      await pg.exec('checkpoint');
      expect(synced.some((path) => path.includes('/base/'))).toBe(true);
    });
  });

  it('syncs every file of a tree once', async () => {
    const dir = tempDir();
    const pg = await PGlite.create({ dataDir: dir, ...(await seededCluster()) });
    await pg.close();
    // PG_VERSION, postgresql.conf, WAL, relation files… and their directories: hundreds in all.
    expect(await syncTree(dir)).toBeGreaterThan(100);
  }, 60_000);

  // The on-disk one runs initdb, as a first `npm start` does.
  it('opens an on-disk catalog dialect with fsync on, and an in-memory one as PGlite makes it', async () => {
    const onDisk = new Kysely<unknown>({ dialect: (await createPgliteDialect({ dataDir: tempDir() })).dialect });
    const inMemory = new Kysely<unknown>({ dialect: (await createPgliteDialect(testCatalogSeed())).dialect });
    try {
      expect((await sql<{ fsync: string }>`show fsync`.execute(onDisk)).rows[0].fsync).toBe('on');
      expect((await sql<{ fsync: string }>`show fsync`.execute(inMemory)).rows[0].fsync).toBe('off');
    } finally {
      await onDisk.destroy();
      await inMemory.destroy();
    }
  }, 60_000);
});
