import { Kysely, Migrator, sql } from 'kysely';
import { defaultCatalogOptions, type CatalogOptions } from './catalog-options';
import type { CatalogDialect, CatalogDialectKind } from './dialects/catalog-dialect';
import { createPgliteDialect } from './dialects/pglite/pglite-dialect';
import { createPostgresDialect } from './dialects/postgres/postgres-dialect';
import { CatalogError, SqlState, sqlStateOf } from './errors';
import { quoteIdentifier } from './identifiers';
import { catalogMigrationProvider } from './migrations/migrations';
import { ApiKeyRepository } from './repositories/api-key-repository';
import { DeadLetterRepository } from './repositories/dead-letter-repository';
import { purgeExpiredIdempotencyKeys } from './repositories/idempotency-claims';
import { RetentionPolicyRepository } from './repositories/retention-policy-repository';
import { ShardRepository } from './repositories/shard-repository';
import { TenantRepository } from './repositories/tenant-repository';
import type { CatalogSchema } from './schema';
import { TenantCatalog } from './tenant-catalog';
import { checkTenantId } from './tenant-id';
import { ensureTenantRole } from './tenant-role';
import { inTenantTransaction } from './tenant-session';

/** An open catalog: system-wide repositories, tenant-scoped access through `forTenant`, and `close`. */
export class Catalog {
  readonly tenants: TenantRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly shards: ShardRepository;
  /** Lifecycle events whose handlers failed every retry (system-wide). */
  readonly deadLetters: DeadLetterRepository;
  /** Retention days per tenant and dataset (system-wide). */
  readonly retentionPolicies: RetentionPolicyRepository;
  #closed = false;

  /** Use `openCatalog`; this assumes migrations have run. */
  constructor(
    readonly kind: CatalogDialectKind,
    /** The kysely instance with the catalog's own (table-owner) access; bypasses tenant isolation. */
    readonly db: Kysely<CatalogSchema>,
    /** The schema the catalog's tables live in. */
    readonly schema: string,
    /** The non-superuser role tenant-scoped transactions run as. */
    readonly tenantRole: string,
    private readonly clock: () => Date,
  ) {
    this.tenants = new TenantRepository(db, clock);
    this.shards = new ShardRepository(db, clock);
    this.deadLetters = new DeadLetterRepository(db, clock);
    this.retentionPolicies = new RetentionPolicyRepository(db, clock);
    this.apiKeys = new ApiKeyRepository(db, (tenantId) => (work) => inTenantTransaction(db, checkTenantId(tenantId), tenantRole, work), clock);
  }

  /**
   * The catalog as one tenant sees it: every call is isolated to that tenant's rows.
   * @example const segments = await catalog.forTenant('acme').segments.overlapping({ dataset: 'spans', fromNs, toNs })
   */
  forTenant(tenantId: string): TenantCatalog {
    return new TenantCatalog(checkTenantId(tenantId), this.db, this.tenantRole, this.clock);
  }

  /** Runs pending migrations and re-applies the tenant role's grants; returns the migrations applied now. */
  async migrate(): Promise<string[]> {
    const applied = await migrateCatalog(this.db, this.schema);
    await ensureTenantRole(this.db as Kysely<unknown>, this.tenantRole, this.schema);
    return applied;
  }

  /** Deletes expired idempotency keys of every tenant; returns how many. */
  async purgeExpiredIdempotencyKeys(): Promise<number> {
    return purgeExpiredIdempotencyKeys(this.db, this.clock());
  }

  /** Closes the connection pool or the PGlite instance; later calls are no-ops. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.db.destroy();
  }
}

/**
 * Opens the catalog: connects, runs pending migrations, and makes sure the tenant role exists.
 * @example const catalog = await openCatalog({ kind: 'pglite', dataDir: '.prism/catalog' })
 */
export async function openCatalog(options: CatalogOptions): Promise<Catalog> {
  const defaults = defaultCatalogOptions();
  const tenantRole = options.tenantRole ?? defaults.tenantRole;
  quoteIdentifier(tenantRole, 'tenantRole');
  const dialect: CatalogDialect = options.kind === 'pglite' ? await createPgliteDialect(options) : createPostgresDialect(options);
  const db = new Kysely<CatalogSchema>({ dialect: dialect.dialect });
  const catalog = new Catalog(dialect.kind, db, dialect.schema, tenantRole, options.clock ?? defaults.clock);
  try {
    await catalog.migrate();
  } catch (error) {
    await catalog.close();
    throw error;
  }
  return catalog;
}

/** Runs pending migrations in `schema`; returns the names applied now. A CatalogError if one fails. */
export async function migrateCatalog(db: Kysely<CatalogSchema>, schema: string): Promise<string[]> {
  if (schema !== 'public') {
    try {
      await sql.raw(`create schema if not exists ${quoteIdentifier(schema, 'schema')}`).execute(db);
    } catch (error) {
      // Two processes creating the schema at once: the loser finds it there.
      if (sqlStateOf(error) !== SqlState.uniqueViolation) throw error;
    }
  }
  const migrator = new Migrator({ db, provider: catalogMigrationProvider, migrationTableSchema: schema });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new CatalogError(`catalog migration "${failed}" failed: ${String(error)}`, undefined, { cause: error });
  }
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
