import type { Catalog, ClaimOutcome, IdempotencyClaim, JsonValue } from '@prism/catalog';
import type { RowBatch } from '@prism/contract';
import { MANIFEST_FORMAT_VERSION, type HotStoreWriter } from '@prism/storage';
import { commitRecordOf, segmentTotalsAfter } from './commit-record';

/** Where a commit stopped; every kind but `committed` left nothing visible, except `publish-failed` (see README). */
export type CommitResult =
  | { kind: 'committed'; completeError?: unknown }
  | { kind: 'claimed-elsewhere'; claim: Exclude<ClaimOutcome, { status: 'new' }> }
  | { kind: 'storage-failed'; error: unknown }
  | { kind: 'catalog-failed'; error: unknown }
  | { kind: 'publish-failed'; error: unknown };

/** What one commit writes. */
export interface CommitInput {
  tenantId: string;
  shardId: number;
  dataset: string;
  batch: RowBatch;
  claim: IdempotencyClaim;
  /** Stored with the key once the rows are visible, for retries to receive. */
  response: JsonValue;
}

/** The stores a commit goes to. */
export interface CommitStores {
  catalog: Catalog;
  store: HotStoreWriter;
  /** The hot store's root, to read the published manifest for absolute segment totals. */
  hotRoot: string;
}

/**
 * The commit protocol: blocks and manifests (prepare) → ONE catalog transaction with the
 * idempotency claim, every touched segment's row (absolute totals), block stats and trace hints →
 * HEAD (publish) → idempotency key completed with the response. A catalog failure aborts the
 * prepared files, so nothing becomes visible and the claim rolls back with the transaction.
 */
export async function commitBatch(stores: CommitStores, input: CommitInput): Promise<CommitResult> {
  let prepared;
  try {
    prepared = await stores.store.prepareCommit(input.tenantId, input.dataset, input.batch);
  } catch (error) {
    return { kind: 'storage-failed', error };
  }

  let claim: ClaimOutcome;
  try {
    // Totals read from disk before the transaction keeps file I/O out of it.
    const records = await Promise.all(
      prepared.segments.map(async (commit) =>
        commitRecordOf(commit, await segmentTotalsAfter(stores.hotRoot, commit), input.shardId, MANIFEST_FORMAT_VERSION),
      ),
    );
    claim = await stores.catalog.forTenant(input.tenantId).transaction(async (tenant) => {
      const outcome = await tenant.idempotencyKeys.claim(input.claim);
      if (outcome.status !== 'new') return outcome;
      for (const record of records) await tenant.recordCommit(record);
      return outcome;
    });
  } catch (error) {
    await prepared.abort();
    return { kind: 'catalog-failed', error };
  }
  if (claim.status !== 'new') {
    await prepared.abort();
    return { kind: 'claimed-elsewhere', claim };
  }

  const tenant = stores.catalog.forTenant(input.tenantId);
  try {
    await prepared.publish();
  } catch (error) {
    // The key is still pending: release it so the client's retry is processed again.
    await tenant.idempotencyKeys.release(input.claim.key).catch(() => undefined);
    return { kind: 'publish-failed', error };
  }
  try {
    await tenant.idempotencyKeys.complete(input.claim.key, input.response);
  } catch (completeError) {
    // The rows are stored and visible: acknowledge. A lost completion only means a retry would
    // be told "in progress" until the pending key expires instead of getting the stored answer.
    return { kind: 'committed', completeError };
  }
  return { kind: 'committed' };
}
