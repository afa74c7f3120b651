import type { Kysely, Migration } from 'kysely';

/**
 * Drops `block_stats`: ingest stopped copying per-commit block stats into the catalog (the hot
 * store keeps them beside the blocks and query prunes there), so nothing has written or read the
 * table since. Dropping it drops its row-level-security policy and the tenant role's grants with
 * it; `TENANT_SCOPED_TABLES` no longer names it, so later opens grant nothing on it. Migration
 * 0003 still creates it: databases that ran it keep a consistent history.
 */
export const dropBlockStats: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.dropTable('block_stats').execute();
  },
};
