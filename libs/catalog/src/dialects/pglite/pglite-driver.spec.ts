import { Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteDialect } from './pglite-dialect';
import { testCatalogSeed } from '../../testing';

interface Db {
  items: { id: number };
}

describe('PGlite driver', () => {
  let db: Kysely<Db>;

  beforeAll(async () => {
    db = new Kysely<Db>({ dialect: (await createPgliteDialect(testCatalogSeed())).dialect });
    await sql`create table items (id integer primary key)`.execute(db);
  });

  afterAll(async () => {
    await db.destroy();
    await db.destroy();
  });

  it('keeps concurrent transactions apart on the single PGlite session', async () => {
    let signalInserted!: () => void;
    const inserted = new Promise<void>((resolve) => (signalInserted = resolve));
    const failing = db.transaction().execute(async (trx) => {
      await trx.insertInto('items').values({ id: 1 }).execute();
      signalInserted();
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error('roll me back');
    });
    await inserted;
    // Without the connection lock this would run inside the failing transaction and vanish with it.
    const committed = db.transaction().execute((trx) => trx.insertInto('items').values({ id: 2 }).execute());
    const plain = db.insertInto('items').values({ id: 3 }).execute();
    await expect(failing).rejects.toThrow('roll me back');
    await Promise.all([committed, plain]);
    const ids = await db.selectFrom('items').select('id').orderBy('id').execute();
    expect(ids.map((row) => row.id)).toEqual([2, 3]);
  });

  it('reports affected rows to kysely', async () => {
    const result = await db
      .updateTable('items')
      .set({ id: sql`id + 10` })
      .executeTakeFirst();
    expect(result.numUpdatedRows).toBe(2n);
    const none = await db.deleteFrom('items').where('id', '=', 999).executeTakeFirst();
    expect(none.numDeletedRows).toBe(0n);
  });
});
