import { sql, type Kysely } from 'kysely';
import { CatalogError, InvalidCatalogInputError, SqlState, UnknownTenantError, sqlStateOf } from '../errors';
import type { CatalogSchema } from '../schema';
import type { JsonValue } from '../values';

// The statements on `idempotency_keys`, each inside a transaction its caller opened (a tenant's, or
// the commit's); `IdempotencyKeyRepository` and `recordCommit` run them.

/** A request to claim an idempotency key before doing the work it guards. */
export interface IdempotencyClaim {
  key: string;
  /** A digest of the request body: the same key with a different body is a client error. */
  digest: string;
  /** How long the claim and, once completed, its stored result are kept. */
  ttlMs: number;
  /**
   * How long a pending claim holds the key: older, its holder is taken for dead (it crashed between
   * claiming and completing) and a retry with the same body takes the key over. Without it, a
   * pending claim holds until `ttlMs`. Must exceed the longest claim-to-complete of a live request.
   */
  claimLeaseMs?: number;
  /**
   * What the claimer is about to make visible, stored with the pending claim in the same
   * transaction as the commit: a retry that finds the claim pending (or takes over a stale one) gets
   * it back and can check the store for whether the commit was published before it decides.
   */
  pending?: PendingCommit;
}

/** The response a pending claim will answer and the (opaque to the catalog) commit it stands for. */
export interface PendingCommit {
  response: JsonValue;
  commit: JsonValue;
}

/**
 * What a claim found. `new`: do the work, then complete (or release) the key. `duplicate`: the work
 * was done; answer with `result`. `in-progress`: another request holds the key; ask to retry.
 * `mismatch`: the key was used with a different request body.
 */
export type ClaimOutcome =
  | { status: 'new'; takenOver?: PendingCommit }
  | { status: 'duplicate'; result: JsonValue }
  | { status: 'in-progress'; pending?: PendingCommit }
  | { status: 'mismatch' };

/** Claims a key inside an open tenant transaction; see `IdempotencyKeyRepository.claim`. */
export async function claimIdempotencyKey(trx: Kysely<CatalogSchema>, tenantId: string, claim: IdempotencyClaim, now: Date): Promise<ClaimOutcome> {
  const fresh = freshClaimValues(claim, now);
  try {
    // On a conflict this waits for a concurrent claimer's transaction, so exactly one claim wins.
    const inserted = await trx
      .insertInto('idempotency_keys')
      .values({ tenant_id: tenantId, idempotency_key: claim.key, ...fresh })
      .onConflict((oc) => oc.columns(['tenant_id', 'idempotency_key']).doNothing())
      .returning('idempotency_key')
      .executeTakeFirst();
    if (inserted !== undefined) return { status: 'new' };
  } catch (error) {
    if (sqlStateOf(error) === SqlState.foreignKeyViolation) throw new UnknownTenantError(tenantId, { cause: error });
    throw error;
  }
  return claimTakenKey(trx, tenantId, claim, now);
}

/** Validates a claim and gives the column values of a fresh pending claim (with its pending commit, if any). */
function freshClaimValues(claim: IdempotencyClaim, now: Date): FreshClaim {
  if (!Number.isFinite(claim.ttlMs) || claim.ttlMs <= 0) throw new InvalidCatalogInputError('ttlMs', 'must be positive');
  if (claim.claimLeaseMs !== undefined && !(Number.isFinite(claim.claimLeaseMs) && claim.claimLeaseMs > 0)) {
    throw new InvalidCatalogInputError('claimLeaseMs', 'must be positive');
  }
  const result = claim.pending === undefined ? null : sql<string>`cast(${JSON.stringify(claim.pending)} as jsonb)`;
  return { request_digest: claim.digest, state: 'pending', result, created_at: now, expires_at: new Date(now.getTime() + claim.ttlMs) };
}

type FreshClaim = { request_digest: string; state: 'pending'; result: ReturnType<typeof sql<string>> | null; created_at: Date; expires_at: Date };

/**
 * The rest of a claim once its insert found the key taken: take over a stale pending claim, re-claim
 * an expired key, or report what holds it.
 */
async function claimTakenKey(trx: Kysely<CatalogSchema>, tenantId: string, claim: IdempotencyClaim, now: Date): Promise<ClaimOutcome> {
  const fresh = freshClaimValues(claim, now);
  if (claim.claimLeaseMs !== undefined) {
    const taken = await takeOverStaleClaim(trx, tenantId, claim, claim.claimLeaseMs, fresh);
    if (taken !== false) return taken === undefined ? { status: 'new' } : { status: 'new', takenOver: taken };
  }

  const existing = await trx
    .selectFrom('idempotency_keys')
    .select(['request_digest', 'state', 'result', 'expires_at'])
    .where('tenant_id', '=', tenantId)
    .where('idempotency_key', '=', claim.key)
    .forUpdate()
    .executeTakeFirst();
  // Gone between the insert and the select (purged): someone else is re-claiming it right now.
  if (existing === undefined) return { status: 'in-progress' };
  if (existing.expires_at.getTime() <= now.getTime()) {
    await trx.updateTable('idempotency_keys').set(fresh).where('tenant_id', '=', tenantId).where('idempotency_key', '=', claim.key).execute();
    return { status: 'new' };
  }
  if (existing.request_digest !== claim.digest) return { status: 'mismatch' };
  if (existing.state === 'completed') return { status: 'duplicate', result: (existing.result ?? null) as JsonValue };
  const pending = pendingCommitOf(existing.result);
  return pending === undefined ? { status: 'in-progress' } : { status: 'in-progress', pending };
}

/** The pending commit a pending claim's result holds, if its claimer recorded one. */
function pendingCommitOf(result: unknown): PendingCommit | undefined {
  if (result === null || typeof result !== 'object' || !('response' in result) || !('commit' in result)) return undefined;
  const { response, commit } = result as PendingCommit;
  return { response, commit };
}

/**
 * Re-claims a pending key whose claim is older than the lease, in one statement: the row lock and
 * the re-checked WHERE make concurrent takeovers serialize, and only the first still sees the old
 * `created_at` (the claim time; a takeover resets it), so exactly one wins.
 */
async function takeOverStaleClaim(
  trx: Kysely<CatalogSchema>,
  tenantId: string,
  claim: IdempotencyClaim,
  leaseMs: number,
  fresh: FreshClaim,
): Promise<PendingCommit | undefined | false> {
  const staleBefore = new Date(fresh.created_at.getTime() - leaseMs);
  // What the dead holder recorded, read under the row lock the update below takes anyway.
  const previous = await trx
    .selectFrom('idempotency_keys')
    .select('result')
    .where('tenant_id', '=', tenantId)
    .where('idempotency_key', '=', claim.key)
    .where('state', '=', 'pending')
    .where('request_digest', '=', claim.digest)
    .where('created_at', '<', staleBefore)
    .forUpdate()
    .executeTakeFirst();
  if (previous === undefined) return false;
  const taken = await trx
    .updateTable('idempotency_keys')
    .set(fresh)
    .where('tenant_id', '=', tenantId)
    .where('idempotency_key', '=', claim.key)
    .where('state', '=', 'pending')
    .where('request_digest', '=', claim.digest)
    .where('created_at', '<', staleBefore)
    .returning('idempotency_key')
    .executeTakeFirst();
  return taken === undefined ? false : pendingCommitOf(previous.result);
}

/** Marks a claimed key done with the result later retries receive, inside an open tenant transaction. */
export async function completeIdempotencyKey(trx: Kysely<CatalogSchema>, tenantId: string, key: string, result: JsonValue): Promise<void> {
  const outcome = await trx
    .updateTable('idempotency_keys')
    .set({ state: 'completed', result: sql<string>`cast(${JSON.stringify(result)} as jsonb)` })
    .where('tenant_id', '=', tenantId)
    .where('idempotency_key', '=', key)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  if (outcome.numUpdatedRows === 0n) {
    throw new CatalogError(`idempotency key "${key}" is not claimed (or already completed)`, tenantId);
  }
}

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

/** Deletes expired keys of every tenant (system-wide housekeeping); returns how many. */
export async function purgeExpiredIdempotencyKeys(db: Kysely<CatalogSchema>, now: Date): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
