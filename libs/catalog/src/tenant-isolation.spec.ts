import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { sqlStateOf, SqlState } from './errors';
import { TENANT_SCOPED_TABLES } from './schema';
import { describeEachCatalog } from './test-support/catalog-targets';
import { segmentUpsert, traceId, traceIdHex } from './test-support/segment-fixtures';
import { inTenantTransaction } from './tenant-session';

// These tests query through raw tenant sessions with no tenant filter of their own: only
// row-level security stands between one tenant and another's rows.
describeEachCatalog('tenant isolation by row-level security', ({ catalog }) => {
  const role = () => catalog().tenantRole;

  beforeAll(async () => {
    await catalog().tenants.create({ tenantId: 'tenant-a' });
    await catalog().tenants.create({ tenantId: 'tenant-b' });
    const a = catalog().forTenant('tenant-a');
    await a.segments.upsert(segmentUpsert('a-seg'));
    await a.traceHints.add('a-seg', [traceIdHex(1)]);
    await a.idempotencyKeys.claim({ key: 'req-1', digest: 'd', ttlMs: 60_000 });
    await catalog().apiKeys.create('tenant-a', 'a key');
  });

  it('guards exactly the tenant-scoped tables with a row-level-security policy', async () => {
    const { rows } = await sql<{ tablename: string }>`
      select tablename from pg_policies where schemaname = ${catalog().schema} and policyname = 'tenant_isolation'`.execute(catalog().db);
    expect(rows.map((row) => row.tablename).sort()).toEqual([...TENANT_SCOPED_TABLES].sort());
  });

  it('runs tenant sessions as a role that is neither superuser nor table owner', async () => {
    const who = await inTenantTransaction(catalog().db, 'tenant-b', role(), async (trx) => {
      const { rows } = await sql<{ user: string; superuser: boolean; tenant: string }>`
        select current_user as user, r.rolsuper as superuser, current_setting('prism.tenant_id', true) as tenant
        from pg_roles r where r.rolname = current_user`.execute(trx);
      return rows[0];
    });
    expect(who).toEqual({ user: role(), superuser: false, tenant: 'tenant-b' });
  });

  it("shows tenant B none of tenant A's rows in any tenant-scoped table", async () => {
    const counts = (tenantId: string) =>
      inTenantTransaction(catalog().db, tenantId, role(), async (trx) => ({
        segments: (await trx.selectFrom('segments').select('segment_id').execute()).length,
        traceHints: (await trx.selectFrom('trace_hints').select('segment_id').execute()).length,
        apiKeys: (await trx.selectFrom('api_keys').select('key_id').execute()).length,
        idempotencyKeys: (await trx.selectFrom('idempotency_keys').select('idempotency_key').execute()).length,
      }));
    expect(await counts('tenant-b')).toEqual({ segments: 0, traceHints: 0, apiKeys: 0, idempotencyKeys: 0 });
    expect(await counts('tenant-a')).toEqual({ segments: 1, traceHints: 1, apiKeys: 1, idempotencyKeys: 1 });
    expect(await catalog().forTenant('tenant-b').segments.forTrace(traceId(1))).toEqual([]);
    expect(await catalog().apiKeys.list('tenant-b')).toEqual([]);
  });

  it("refuses to insert a row for another tenant, and cannot change A's rows from B", async () => {
    const insertForA = inTenantTransaction(catalog().db, 'tenant-b', role(), (trx) =>
      trx
        .insertInto('segments')
        .values({ ...rowOf('b-forged'), tenant_id: 'tenant-a' })
        .execute(),
    );
    const error = await insertForA.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(sqlStateOf(error)).toBe(SqlState.insufficientPrivilege);

    const updated = await inTenantTransaction(catalog().db, 'tenant-b', role(), (trx) =>
      trx.updateTable('segments').set({ row_count: '0' }).where('segment_id', '=', 'a-seg').executeTakeFirst(),
    );
    expect(updated.numUpdatedRows).toBe(0n);
    expect((await catalog().forTenant('tenant-a').segments.get('a-seg'))?.rowCount).toBe(10);
  });

  it('sees nothing when no tenant is set, and does not leak the tenant to the next transaction', async () => {
    const rows = await catalog()
      .db.transaction()
      .execute(async (trx) => {
        await sql.raw(`set local role ${role()}`).execute(trx);
        return trx.selectFrom('segments').select('segment_id').execute();
      });
    expect(rows).toEqual([]);
    const after = await sql<{ tenant: string | null; user: string }>`
      select current_setting('prism.tenant_id', true) as tenant, current_user as user`.execute(catalog().db);
    expect(after.rows[0]?.tenant ?? '').toBe('');
    expect(after.rows[0]?.user).not.toBe(role());
  });
});

function rowOf(segmentId: string) {
  const now = new Date();
  return {
    segment_id: segmentId,
    dataset: 'spans',
    shard_id: 0,
    state: 'open' as const,
    min_timestamp_ns: '1',
    max_timestamp_ns: '2',
    row_count: '1',
    bytes: '1',
    manifest_version: 1,
    format_version: 1,
    created_at: now,
    updated_at: now,
  };
}
