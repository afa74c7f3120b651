import type { Kysely } from 'kysely';
import { InvalidCatalogInputError, SqlState, UnknownTenantError, sqlStateOf } from '../errors';
import type { CatalogSchema } from '../schema';
import { checkTenantId } from '../tenant-id';

/** The dataset name of a tenant-wide policy: it covers datasets without a policy of their own. */
export const ALL_DATASETS = '*';

/** How long a tenant keeps a dataset's data. */
export interface RetentionPolicy {
  tenantId: string;
  /** A dataset, or {@link ALL_DATASETS}. */
  dataset: string;
  days: number;
  updatedAt: Date;
}

/** Retention per tenant and dataset, in days. System-wide: the retention pass reads every tenant's. */
export class RetentionPolicyRepository {
  constructor(
    private readonly db: Kysely<CatalogSchema>,
    private readonly clock: () => Date,
  ) {}

  /**
   * Sets (or replaces) a policy; `dataset` '*' is the tenant's default.
   * @example await catalog.retentionPolicies.set({ tenantId: 'acme', dataset: 'logs', days: 7 })
   */
  async set(policy: { tenantId: string; dataset: string; days: number }): Promise<RetentionPolicy> {
    const tenantId = checkTenantId(policy.tenantId);
    if (!Number.isSafeInteger(policy.days) || policy.days <= 0) {
      throw new InvalidCatalogInputError('days', `expected a positive whole number of days, got ${policy.days}`);
    }
    if (policy.dataset === '') throw new InvalidCatalogInputError('dataset', 'must not be empty');
    const now = this.clock();
    try {
      await this.db
        .insertInto('retention_policies')
        .values({ tenant_id: tenantId, dataset: policy.dataset, days: policy.days, updated_at: now })
        .onConflict((oc) => oc.columns(['tenant_id', 'dataset']).doUpdateSet({ days: policy.days, updated_at: now }))
        .execute();
    } catch (error) {
      if (sqlStateOf(error) === SqlState.foreignKeyViolation) throw new UnknownTenantError(tenantId, { cause: error });
      throw error;
    }
    return { tenantId, dataset: policy.dataset, days: policy.days, updatedAt: now };
  }

  /** Removes a policy; false when there was none. */
  async remove(tenantId: string, dataset: string): Promise<boolean> {
    const result = await this.db.deleteFrom('retention_policies').where('tenant_id', '=', tenantId).where('dataset', '=', dataset).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /** Every policy, by tenant then dataset. */
  async list(): Promise<RetentionPolicy[]> {
    const rows = await this.db.selectFrom('retention_policies').selectAll().orderBy('tenant_id').orderBy('dataset').execute();
    return rows.map((row) => ({ tenantId: row.tenant_id, dataset: row.dataset, days: row.days, updatedAt: row.updated_at }));
  }

  /**
   * The days a dataset is kept: its own policy, else the tenant's `*` policy, else `fallbackDays`
   * (the deployment default, e.g. PRISM_RETENTION_DAYS).
   */
  async daysFor(tenantId: string, dataset: string, fallbackDays: number): Promise<number> {
    const rows = await this.db
      .selectFrom('retention_policies')
      .select(['dataset', 'days'])
      .where('tenant_id', '=', tenantId)
      .where('dataset', 'in', [dataset, ALL_DATASETS])
      .execute();
    return rows.find((row) => row.dataset === dataset)?.days ?? rows.find((row) => row.dataset === ALL_DATASETS)?.days ?? fallbackDays;
  }
}
