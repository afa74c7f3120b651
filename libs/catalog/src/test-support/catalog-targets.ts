import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { openCatalog, type Catalog } from '../catalog';
import type { CatalogOptions, CommonCatalogOptions } from '../catalog-options';
import { testCatalogSeed } from '../testing';

/** The machine's PostgreSQL for the conformance suite. */
export const TEST_DATABASE_URL = process.env['PRISM_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** One database the conformance suite runs on, with a fresh, private place to put the catalog. */
export interface CatalogTarget {
  name: 'pglite' | 'postgres';
  available: boolean;
  /** Fresh options (own schema and tenant role on PostgreSQL), plus a clean-up to run after close. */
  prepare(common?: CommonCatalogOptions): { options: CatalogOptions; cleanUp: () => Promise<void> };
}

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const postgresAvailable = await postgresReachable();
if (!postgresAvailable) {
  const message = `PostgreSQL is not reachable at ${TEST_DATABASE_URL}`;
  if (process.env['CI'] === 'true') throw new Error(`${message}: CI must run the catalog suite against PostgreSQL`);
  console.warn(`\n!!! ${message}: SKIPPING the PostgreSQL half of the catalog suite (set PRISM_TEST_DATABASE_URL) !!!\n`);
}

/** Drops a test schema and its tenant role. */
async function dropPostgresSchema(schema: string, role: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.query(`do $$ begin drop owned by "${role}"; drop role "${role}"; exception when undefined_object then null; end $$`);
  } finally {
    await client.end();
  }
}

/** PGlite in memory (from the global setup's seed), and PostgreSQL in a fresh `prism_test_<random>` schema with its own role. */
export const catalogTargets: readonly CatalogTarget[] = [
  {
    name: 'pglite',
    available: true,
    prepare: (common = {}) => ({ options: { kind: 'pglite', ...common, ...testCatalogSeed() }, cleanUp: async () => undefined }),
  },
  {
    name: 'postgres',
    available: postgresAvailable,
    prepare: (common = {}) => {
      const suffix = randomBytes(6).toString('hex');
      const schema = `prism_test_${suffix}`;
      const tenantRole = `prism_test_${suffix}_tenant`;
      return {
        options: { kind: 'postgres', connectionString: TEST_DATABASE_URL, schema, tenantRole, ...common },
        cleanUp: () => dropPostgresSchema(schema, tenantRole),
      };
    },
  },
];

/** A clock tests move by hand. */
export function manualClock(start = new Date('2025-01-01T00:00:00Z')): { now: () => Date; advance: (ms: number) => void } {
  let current = start.getTime();
  return { now: () => new Date(current), advance: (ms) => (current += ms) };
}

/**
 * Runs `suite` once per target, kysely style, with one catalog per target shared by the file's
 * tests (starting PGlite takes seconds). The PostgreSQL run is skipped, loudly, when no server is
 * reachable outside CI.
 */
export function describeEachCatalog(
  title: string,
  suite: (context: { catalog: () => Catalog; target: CatalogTarget; clock: ReturnType<typeof manualClock> }) => void,
): void {
  for (const target of catalogTargets) {
    const describeTarget = target.available ? describe : describe.skip;
    describeTarget(`${title} [${target.name}]`, () => {
      const clock = manualClock();
      let catalog: Catalog | undefined;
      let cleanUp: () => Promise<void> = async () => undefined;
      beforeAll(async () => {
        const prepared = target.prepare({ clock: clock.now });
        cleanUp = prepared.cleanUp;
        catalog = await openCatalog(prepared.options);
      }, 30_000);
      afterAll(async () => {
        await catalog?.close();
        await cleanUp();
      });
      suite({
        catalog: () => {
          if (catalog === undefined) throw new Error('catalog not open yet');
          return catalog;
        },
        target,
        clock,
      });
    });
  }
}
