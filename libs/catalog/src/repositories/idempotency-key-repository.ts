import type { TenantRunner } from '../tenant-session';
import type { JsonValue } from '../values';
import {
  claimIdempotencyKey,
  claimIdempotencyKeys,
  completeIdempotencyKey,
  completeRecordedKeys,
  type ClaimOutcome,
  type IdempotencyClaim,
} from './idempotency-claims';

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

  /**
   * Claims several distinct keys with one INSERT (one round trip when all are new); each taken key
   * then goes through the single-key path. Outcomes are in the order of `claims`.
   * @example const outcomes = await tenant.idempotencyKeys.claimAll([{ key, digest, ttlMs, pending: { response, commit } }]);
   */
  async claimAll(claims: readonly IdempotencyClaim[]): Promise<ClaimOutcome[]> {
    return this.run((trx) => claimIdempotencyKeys(trx, this.tenantId, claims, this.clock()));
  }

  /** Completes pending keys whose claims recorded a pending commit, answering its response from now on; returns how many. */
  async completeRecorded(keys: readonly string[]): Promise<number> {
    if (keys.length === 0) return 0;
    return this.run((trx) => completeRecordedKeys(trx, this.tenantId, keys));
  }

  /** Gives up several pending claims in one statement (their work failed). */
  async releaseAll(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.run((trx) =>
      trx
        .deleteFrom('idempotency_keys')
        .where('tenant_id', '=', this.tenantId)
        .where('idempotency_key', 'in', [...keys])
        .where('state', '=', 'pending')
        .execute(),
    );
  }

  /** Stores the result of the work a claim guarded; a CatalogError if the key is not pending. */
  async complete(key: string, result: JsonValue): Promise<void> {
    await this.run((trx) => completeIdempotencyKey(trx, this.tenantId, key, result));
  }

  /** Gives up a pending claim (the work failed), so a retry can claim the key at once. */
  async release(key: string): Promise<void> {
    await this.run((trx) =>
      trx.deleteFrom('idempotency_keys').where('tenant_id', '=', this.tenantId).where('idempotency_key', '=', key).where('state', '=', 'pending').execute(),
    );
  }
}
