import { sql, type Kysely, type Transaction } from 'kysely';
import { quoteIdentifier } from './identifiers';
import { TENANT_SETTING, type CatalogSchema } from './schema';

/** Runs database work; either in a fresh tenant transaction or inside one already open. */
export type TenantRunner = <T>(work: (trx: Kysely<CatalogSchema>) => Promise<T>) => Promise<T>;

/**
 * Runs `work` in one transaction that acts for `tenantId`: the tenant setting is set for this
 * transaction only, and the session switches to the tenant role, so row-level security admits
 * only that tenant's rows. Both revert at commit or rollback, so a pooled connection never
 * carries a tenant over to its next user.
 */
export async function inTenantTransaction<T>(
  db: Kysely<CatalogSchema>,
  tenantId: string,
  role: string,
  work: (trx: Transaction<CatalogSchema>) => Promise<T>,
): Promise<T> {
  const roleId = quoteIdentifier(role, 'tenantRole');
  return db.transaction().execute(async (trx) => {
    await sql`select set_config(${TENANT_SETTING}, ${tenantId}, true)`.execute(trx);
    await sql.raw(`set local role ${roleId}`).execute(trx);
    return work(trx);
  });
}
