import type { Kysely, Selectable } from 'kysely';
import { SqlState, TenantExistsError, UnknownTenantError, sqlStateOf } from '../errors';
import type { CatalogSchema, TenantMigrationState, TenantResidency, TenantsTable } from '../schema';
import { DEFAULT_REGION, checkRegion, checkResidency } from '../shard-map-values';
import { checkTenantId } from '../tenant-id';

/** A tenant as the catalog knows it. */
export interface Tenant {
  tenantId: string;
  displayName: string;
  createdAt: Date;
  /** Set when the tenant was disabled: its API keys stop resolving. */
  disabledAt?: Date;
  /** The region its data lives in; its shard is chosen among that region's shards. */
  homeRegion: string;
  residency: TenantResidency;
  migrationState: TenantMigrationState;
  migrationEpoch: number;
}

/** What `create` takes; the region defaults to `local`, the residency to `permitted`. */
export interface TenantInput {
  tenantId: string;
  displayName?: string;
  homeRegion?: string;
  residency?: string;
}

/**
 * Tenants: created and listed with the catalog's own (system) access, not tenant-scoped. `list`
 * is system-wide (every tenant, for operators and the lifecycle passes); `get` reads one tenant.
 */
export class TenantRepository {
  constructor(
    private readonly db: Kysely<CatalogSchema>,
    private readonly clock: () => Date,
  ) {}

  /**
   * Creates a tenant; a TenantExistsError (a CatalogError) if the id is taken.
   * @example await catalog.tenants.create({ tenantId: 'acme', displayName: 'Acme Corp', homeRegion: 'eu-west-1', residency: 'strict' })
   */
  async create(input: TenantInput): Promise<Tenant> {
    const tenantId = checkTenantId(input.tenantId);
    const homeRegion = checkRegion(input.homeRegion ?? DEFAULT_REGION, 'homeRegion');
    const residency = checkResidency(input.residency ?? 'permitted');
    try {
      const row = await this.db
        .insertInto('tenants')
        .values({
          tenant_id: tenantId,
          display_name: input.displayName ?? tenantId,
          created_at: this.clock(),
          disabled_at: null,
          home_region: homeRegion,
          residency,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return tenantOf(row);
    } catch (error) {
      if (sqlStateOf(error) === SqlState.uniqueViolation) {
        throw new TenantExistsError(tenantId, { cause: error });
      }
      throw error;
    }
  }

  /** The tenant with this id, or undefined. */
  async get(tenantId: string): Promise<Tenant | undefined> {
    const row = await this.db.selectFrom('tenants').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
    return row === undefined ? undefined : tenantOf(row);
  }

  /** Every tenant, ordered by id. */
  async list(): Promise<Tenant[]> {
    const rows = await this.db.selectFrom('tenants').selectAll().orderBy('tenant_id').execute();
    return rows.map(tenantOf);
  }

  /** Disables a tenant (its keys stop resolving); UnknownTenantError if there is none. */
  async disable(tenantId: string): Promise<void> {
    const result = await this.db.updateTable('tenants').set({ disabled_at: this.clock() }).where('tenant_id', '=', tenantId).executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new UnknownTenantError(tenantId);
  }
}

function tenantOf(row: Selectable<TenantsTable>): Tenant {
  return {
    tenantId: row.tenant_id,
    displayName: row.display_name,
    createdAt: row.created_at,
    ...(row.disabled_at === null ? {} : { disabledAt: row.disabled_at }),
    homeRegion: row.home_region,
    residency: row.residency,
    migrationState: row.migration_state,
    migrationEpoch: row.migration_epoch,
  };
}
