import { sql, type Kysely } from 'kysely';
import { InvalidCatalogInputError, SqlState, UnknownTenantError, sqlStateOf } from '../errors';
import type { CatalogSchema } from '../schema';
import { claimTakenKey, freshClaimValues, type ClaimOutcome, type IdempotencyClaim } from './idempotency-key-repository';

// Six parameters per row; Postgres allows 65535 per statement.
const CLAIMS_PER_INSERT = 5000;

/**
 * Claims distinct keys inside an open tenant transaction: one multi-row INSERT … ON CONFLICT DO
 * NOTHING claims every free key at once; the keys it did not insert take the single-key path
 * (stale takeover, expiry, or what holds them). Outcomes follow the order of `claims`.
 */
export async function claimIdempotencyKeys(
  trx: Kysely<CatalogSchema>,
  tenantId: string,
  claims: readonly IdempotencyClaim[],
  now: Date,
): Promise<ClaimOutcome[]> {
  if (new Set(claims.map((claim) => claim.key)).size !== claims.length) {
    throw new InvalidCatalogInputError('claims', 'keys claimed together must be distinct');
  }
  const inserted = new Set<string>();
  for (let start = 0; start < claims.length; start += CLAIMS_PER_INSERT) {
    const rows = claims
      .slice(start, start + CLAIMS_PER_INSERT)
      .map((claim) => ({ tenant_id: tenantId, idempotency_key: claim.key, ...freshClaimValues(claim, now) }));
    try {
      const keys = await trx
        .insertInto('idempotency_keys')
        .values(rows)
        .onConflict((oc) => oc.columns(['tenant_id', 'idempotency_key']).doNothing())
        .returning('idempotency_key')
        .execute();
      for (const row of keys) inserted.add(row.idempotency_key);
    } catch (error) {
      if (sqlStateOf(error) === SqlState.foreignKeyViolation) throw new UnknownTenantError(tenantId, { cause: error });
      throw error;
    }
  }
  const outcomes: ClaimOutcome[] = [];
  for (const claim of claims) outcomes.push(inserted.has(claim.key) ? { status: 'new' } : await claimTakenKey(trx, tenantId, claim, now));
  return outcomes;
}

/**
 * Completes pending keys inside an open tenant transaction, in one UPDATE: each keeps the response
 * its claim recorded (`{ response, commit }` → `response`). Keys without a recorded commit, or no
 * longer pending, are left alone. Returns how many were completed.
 */
export async function completeRecordedKeys(trx: Kysely<CatalogSchema>, tenantId: string, keys: readonly string[]): Promise<number> {
  if (keys.length === 0) return 0;
  const outcome = await trx
    .updateTable('idempotency_keys')
    .set({ state: 'completed', result: sql<string>`result -> 'response'` })
    .where('tenant_id', '=', tenantId)
    .where('idempotency_key', 'in', [...keys])
    .where('state', '=', 'pending')
    .where(sql<boolean>`(result -> 'response') is not null`)
    .executeTakeFirst();
  return Number(outcome.numUpdatedRows);
}
