import type { Migration, MigrationProvider } from 'kysely';
import { tenantsAndApiKeys } from './0001-tenants-and-api-keys';
import { shards } from './0002-shards';
import { segmentsAndBlockStats } from './0003-segments-and-block-stats';
import { traceHints } from './0004-trace-hints';
import { idempotencyKeys } from './0005-idempotency-keys';
import { lifecycle } from './0006-lifecycle';
import { parquet } from './0007-parquet';
import { leanTraceHints } from './0008-lean-trace-hints';
import { dropBlockStats } from './0009-drop-block-stats';
import { shardMap } from './0010-shard-map';

/**
 * Every migration, by name. Names sort in the order they run (kysely sorts them); never rename or
 * edit one that has shipped: add the next number instead.
 */
export const catalogMigrations: Readonly<Record<string, Migration>> = {
  '0001-tenants-and-api-keys': tenantsAndApiKeys,
  '0002-shards': shards,
  '0003-segments-and-block-stats': segmentsAndBlockStats,
  '0004-trace-hints': traceHints,
  '0005-idempotency-keys': idempotencyKeys,
  '0006-lifecycle': lifecycle,
  '0007-parquet': parquet,
  '0008-lean-trace-hints': leanTraceHints,
  '0009-drop-block-stats': dropBlockStats,
  '0010-shard-map': shardMap,
};

/** Hands kysely's Migrator the in-code migrations (no files read at run time, so bundles work). */
export const catalogMigrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...catalogMigrations }),
};
