import { sql, type Kysely } from 'kysely';
import { CatalogError, InvalidCatalogInputError, SqlState, UnknownTenantError, sqlStateOf } from '../errors';
import type { CatalogSchema } from '../schema';
import type { TenantRunner } from '../tenant-session';

/** A JSON value, as stored results are. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

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
}

/**
 * What a claim found. `new`: do the work, then complete (or release) the key. `duplicate`: the work
 * was done; answer with `result`. `in-progress`: another request holds the key; ask to retry.
 * `mismatch`: the key was used with a different request body.
 */
export type ClaimOutcome =
  | { status: 'new' }
  | { status: 'duplicate'; result: JsonValue }
  | { status: 'in-progress' }
  | { status: 'mismatch' };

/** Claims a key inside an open tenant transaction; see `IdempotencyKeyRepository.claim`. */
export async function claimIdempotencyKey(
  trx: Kysely<CatalogSchema>,
  tenantId: string,
  claim: IdempotencyClaim,
  now: Date,
): Promise<ClaimOutcome> {
  if (!Number.isFinite(claim.ttlMs) || claim.ttlMs <= 0) throw new InvalidCatalogInputError('ttlMs', 'must be positive');
  if (claim.claimLeaseMs !== undefined && !(Number.isFinite(claim.claimLeaseMs) && claim.claimLeaseMs > 0)) {
    throw new InvalidCatalogInputError('claimLeaseMs', 'must be positive');
  }
  const expiresAt = new Date(now.getTime() + claim.ttlMs);
  const fresh = { request_digest: claim.digest, state: 'pending' as const, result: null, created_at: now, expires_at: expiresAt };
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
  if (claim.claimLeaseMs !== undefined && (await takeOverStaleClaim(trx, tenantId, claim, claim.claimLeaseMs, fresh))) return { status: 'new' };

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
    await trx
      .updateTable('idempotency_keys')
      .set(fresh)
      .where('tenant_id', '=', tenantId)
      .where('idempotency_key', '=', claim.key)
      .execute();
    return { status: 'new' };
  }
  if (existing.request_digest !== claim.digest) return { status: 'mismatch' };
  if (existing.state === 'completed') return { status: 'duplicate', result: (existing.result ?? null) as JsonValue };
  return { status: 'in-progress' };
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
  fresh: { request_digest: string; state: 'pending'; result: null; created_at: Date; expires_at: Date },
): Promise<boolean> {
  const staleBefore = new Date(fresh.created_at.getTime() - leaseMs);
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
  return taken !== undefined;
}

/** Marks a claimed key done with the result later retries receive, inside an open tenant transaction. */
export async function completeIdempotencyKey(
  trx: Kysely<CatalogSchema>,
  tenantId: string,
  key: string,
  result: JsonValue,
): Promise<void> {
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

/** One tenant's idempotency keys. */
export class IdempotencyKeyRepository {
  constructor(
    private readonly tenantId: string,
    private readonly run: TenantRunner,
    private readonly clock: () => Date,
  ) {}

  /**
   * Claims a key before doing the work it guards.
   * @example
   * const outcome = await tenant.idempotencyKeys.claim({ key, digest, ttlMs: 86_400_000 });
   * if (outcome.status === 'duplicate') return outcome.result;
   */
  async claim(claim: IdempotencyClaim): Promise<ClaimOutcome> {
    return this.run((trx) => claimIdempotencyKey(trx, this.tenantId, claim, this.clock()));
  }

  /** Stores the result of the work a claim guarded; a CatalogError if the key is not pending. */
  async complete(key: string, result: JsonValue): Promise<void> {
    await this.run((trx) => completeIdempotencyKey(trx, this.tenantId, key, result));
  }

  /** Gives up a pending claim (the work failed), so a retry can claim the key at once. */
  async release(key: string): Promise<void> {
    await this.run((trx) =>
      trx
        .deleteFrom('idempotency_keys')
        .where('tenant_id', '=', this.tenantId)
        .where('idempotency_key', '=', key)
        .where('state', '=', 'pending')
        .execute(),
    );
  }
}

/** Deletes expired keys of every tenant (system-wide housekeeping); returns how many. */
export async function purgeExpiredIdempotencyKeys(db: Kysely<CatalogSchema>, now: Date): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
