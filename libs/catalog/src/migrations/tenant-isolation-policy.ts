import { sql, type Kysely } from 'kysely';
import { TENANT_SETTING } from '../schema';

/**
 * Turns on row-level security for a tenant-scoped table: a session sees and writes only rows whose
 * `tenant_id` equals the transaction's tenant setting. Not FORCEd on purpose: the table owner (the
 * catalog's own connection) keeps system-wide access for key resolution, sealing and clean-up,
 * while tenant-scoped calls switch to the non-owner tenant role, which the policy binds.
 */
export async function isolateByTenant(db: Kysely<unknown>, table: string): Promise<void> {
  await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
  const tenantMatches = sql`tenant_id = current_setting(${sql.lit(TENANT_SETTING)}, true)`;
  await sql`create policy tenant_isolation on ${sql.table(table)} using (${tenantMatches}) with check (${tenantMatches})`.execute(db);
}
