import { sql, type Kysely } from 'kysely';
import { quoteIdentifier } from './identifiers';
import { TENANT_SCOPED_TABLES } from './schema';

/** The role tenant-scoped transactions switch to when none is configured. */
export const DEFAULT_TENANT_ROLE = 'prism_tenant';

/**
 * Makes sure the tenant role exists and may use the tenant-scoped tables, and that the catalog's
 * own user may switch to it. Runs after migrations on every open, so it is idempotent, and so new
 * tables get their grants. The role is a non-superuser without login: row-level security binds it
 * (superusers and table owners bypass RLS).
 */
export async function ensureTenantRole(db: Kysely<unknown>, role: string, schema: string): Promise<void> {
  const roleId = quoteIdentifier(role, 'tenantRole');
  const schemaId = quoteIdentifier(schema, 'schema');
  // Concurrent GRANTs on one object fail ("tuple concurrently updated"): opening catalogs take turns.
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`prism.catalog.tenant-role.${role}`}))`.execute(trx);
    await grantTenantRole(trx, role, roleId, schemaId);
  });
}

async function grantTenantRole(db: Kysely<unknown>, role: string, roleId: string, schemaId: string): Promise<void> {
  // Another database's catalog may create the same role concurrently: whoever loses moves on.
  await sql.raw(`do $$ begin create role ${roleId} nologin; ` + `exception when duplicate_object or unique_violation then null; end $$`).execute(db);
  await sql.raw(`grant usage on schema ${schemaId} to ${roleId}`).execute(db);
  const tables = TENANT_SCOPED_TABLES.map((table) => `${schemaId}.${quoteIdentifier(table, 'table')}`).join(', ');
  await sql.raw(`grant select, insert, update, delete on ${tables} to ${roleId}`).execute(db);

  const { rows } = await sql<{ is_superuser: boolean; is_member: boolean }>`
    select r.rolsuper as is_superuser, pg_has_role(current_user, ${role}, 'MEMBER') as is_member
    from pg_roles r where r.rolname = current_user`.execute(db);
  const self = rows[0];
  if (self !== undefined && !self.is_superuser && !self.is_member) {
    await sql.raw(`grant ${roleId} to current_user`).execute(db);
  }
}
