import type { Catalog, ClaimOutcome, IdempotencyClaim, JsonValue } from '@prism/catalog';
import type { IngestMetrics } from './ingest-metrics';
import { MANIFEST_FORMAT_VERSION, type EncodedRows, type HotStoreWriter, type PreparedBatch } from '@prism/storage';
import { commitRecordOf } from './commit-record';
import { publishedSegmentsOf, recordedCommitOf, rowsNotPublished, type RecordedSegmentCommit } from './recorded-commit';

/** Where a commit stopped; every kind but `committed` left nothing visible, except `publish-failed` (see README). */
export type CommitResult =
  | { kind: 'committed'; completeError?: unknown }
  | { kind: 'claimed-elsewhere'; claim: Exclude<ClaimOutcome, { status: 'new' }> }
  | { kind: 'storage-failed'; error: unknown }
  | { kind: 'catalog-failed'; error: unknown }
  | { kind: 'publish-failed'; error: unknown };

/** Where a group's rows go: one tenant's dataset. */
export interface CommitTarget {
  tenantId: string;
  shardId: number;
  dataset: string;
}

/** One request in a commit: its rows, its idempotency claim and the response it will answer. */
export interface CommitMember {
  /** The request's rows, encoded for the hot store (see `encodeRows`). */
  rows: EncodedRows;
  claim: IdempotencyClaim;
  /** Recorded with the claim and answered to retries once the rows are visible. */
  response: JsonValue;
}

/** What one commit writes. */
export type CommitInput = CommitTarget & CommitMember;

/** The stores a commit goes to; the hot store also answers whether a recorded commit was published. */
export interface CommitStores {
  catalog: Catalog;
  store: HotStoreWriter;
  /** Told how long each catalog transaction took. */
  metrics?: IngestMetrics;
}

/** Per-member results in member order, and the keys to complete now that their rows are visible. */
export interface GroupCommitResult {
  results: CommitResult[];
  /** Keys whose commits are published but still pending in the catalog. */
  toComplete: string[];
  /** Whether the `completions` handed in were completed by this group's transaction. */
  completionsDone: boolean;
}

/** Thrown inside the transaction to roll it back when the commit's files could not be written. */
class HotStoreWriteError extends Error {
  constructor(override readonly cause: unknown) {
    super("writing the commit's files failed");
  }
}

/** Thrown inside the transaction to roll it back when some claims were not plainly new. */
class ClaimsNotNew {
  constructor(readonly outcomes: ClaimOutcome[]) {}
}

/**
 * The commit protocol for a group of requests to one tenant's dataset: their rows merged → ONE
 * prepare (their encoded chunks joined into blocks; manifests, fsynced, invisible; the writes overlap
 * the transaction, which commits only after them) → ONE catalog transaction with every member's
 * claim (recording its response and the segment commits about to be published), every touched
 * segment's row (absolute totals) and trace hints, and the completion of earlier published keys →
 * publish (HEAD) → each member answered by itself. A catalog failure aborts the prepared files and
 * fails the whole group; nothing became visible and every claim rolled back with the transaction.
 * Members whose claim is not new are taken out (duplicates, conflicts, keys in progress) and the
 * rest is committed again; a stale claim is taken over only when its recorded commit is not in HEAD.
 */
export async function commitGroup(
  stores: CommitStores,
  target: CommitTarget,
  members: readonly CommitMember[],
  completions: readonly string[] = [],
): Promise<GroupCommitResult> {
  const results: CommitResult[] = new Array(members.length);
  const toComplete: string[] = [];
  const leaderOf = new Map<string, number>();
  let active: number[] = [];
  members.forEach((member, index) => {
    if (!leaderOf.has(member.claim.key)) {
      leaderOf.set(member.claim.key, index);
      active.push(index);
    }
  });
  const checkedTakeovers = new Map<number, string>();
  // Members as committed: a takeover of a partly published commit keeps only the unpublished rows.
  const effective = [...members];
  let completionsDone = false;
  while (active.length > 0) {
    const attempt = await commitOnce(
      stores,
      target,
      active.map((index) => effective[index]),
      completionsDone ? [] : completions,
      (position, takenOver) => checkedTakeovers.get(active[position]) === JSON.stringify(takenOver),
    );
    if (attempt.kind === 'retry') {
      const next: number[] = [];
      for (const [position, outcome] of attempt.outcomes.entries()) {
        const index = active[position];
        const settled = await settleClaim(stores, target, outcome);
        if (settled === 'commit') next.push(index);
        else if ('takeOver' in settled) {
          if (outcome.status !== 'new') continue;
          checkedTakeovers.set(index, JSON.stringify(outcome.takenOver?.commit ?? null));
          effective[index] = { ...members[index], rows: rowsNotPublished(members[index].rows, settled.takeOver) };
          next.push(index);
        } else {
          results[index] = settled.result;
          if (settled.complete) toComplete.push(members[index].claim.key);
        }
      }
      active = next;
      continue;
    }
    completionsDone ||= attempt.kind === 'committed';
    for (const index of active) results[index] = attempt.result;
    if (attempt.kind === 'committed') toComplete.push(...active.map((index) => members[index].claim.key));
    break;
  }
  members.forEach((member, index) => {
    if (results[index] === undefined)
      results[index] = followerResult(member, members[leaderOf.get(member.claim.key) ?? index], results[leaderOf.get(member.claim.key) ?? index]);
  });
  return { results, toComplete, completionsDone };
}

type Attempt = { kind: 'retry'; outcomes: ClaimOutcome[] } | { kind: 'committed' | 'failed'; result: CommitResult };

async function commitOnce(
  stores: CommitStores,
  target: CommitTarget,
  members: readonly CommitMember[],
  completions: readonly string[],
  takeoverChecked: (position: number, takenOver: JsonValue) => boolean,
): Promise<Attempt> {
  let prepared: PreparedBatch;
  try {
    // Planned now; the files are written and fsynced while the catalog transaction runs.
    prepared = await stores.store.startEncoded(
      target.tenantId,
      target.dataset,
      members.map((member) => member.rows),
    );
  } catch (error) {
    return { kind: 'failed', result: { kind: 'storage-failed', error } };
  }
  const tenant = stores.catalog.forTenant(target.tenantId);
  const keys = members.map((member) => member.claim.key);
  try {
    // Absolute segment totals come from the writer, which holds the segment's lease.
    const records = prepared.segments.map((commit) => commitRecordOf(commit, target.shardId, MANIFEST_FORMAT_VERSION));
    const commit = recordedCommitOf(prepared.segments) as unknown as JsonValue;
    await timedTransaction(stores.metrics, () =>
      tenant.transaction(async (catalog) => {
        const outcomes = await catalog.idempotencyKeys.claimAll(members.map((member) => ({ ...member.claim, pending: { response: member.response, commit } })));
        const surprising = outcomes.some(
          (outcome, position) => outcome.status !== 'new' || (outcome.takenOver !== undefined && !takeoverChecked(position, outcome.takenOver.commit)),
        );
        if (surprising) throw new ClaimsNotNew(outcomes);
        for (const record of records) await catalog.recordCommit(record);
        await catalog.idempotencyKeys.completeRecorded(completions);
        // The transaction commits only once the files it describes are durable; a failed write rolls it back.
        await prepared.durable.catch((error: unknown) => Promise.reject(new HotStoreWriteError(error)));
      }),
    );
  } catch (error) {
    await prepared.abort();
    if (error instanceof ClaimsNotNew) return { kind: 'retry', outcomes: error.outcomes };
    if (error instanceof HotStoreWriteError) return { kind: 'failed', result: { kind: 'storage-failed', error: error.cause } };
    return { kind: 'failed', result: { kind: 'catalog-failed', error } };
  }
  try {
    await prepared.publish();
  } catch (error) {
    // The keys are still pending: release them so the clients' retries are processed again.
    await tenant.idempotencyKeys.releaseAll(keys).catch(() => undefined);
    return { kind: 'failed', result: { kind: 'publish-failed', error } };
  }
  return { kind: 'committed', result: { kind: 'committed' } };
}

/**
 * What to do with a member whose claim was not plainly new: answer it (and maybe complete its key,
 * when the commit its claim recorded turns out to be published), commit it again, or take over a
 * stale claim whose recorded commit never became (wholly) visible: `takeOver` lists the segment
 * commits of it that are published, whose rows must not be stored again.
 */
async function settleClaim(
  stores: CommitStores,
  target: CommitTarget,
  outcome: ClaimOutcome,
): Promise<'commit' | { takeOver: RecordedSegmentCommit[] } | { result: CommitResult; complete: boolean }> {
  if (outcome.status === 'duplicate' || outcome.status === 'mismatch') return { result: { kind: 'claimed-elsewhere', claim: outcome }, complete: false };
  const recorded = outcome.status === 'new' ? outcome.takenOver : outcome.pending;
  if (recorded === undefined) return outcome.status === 'new' ? 'commit' : { result: { kind: 'claimed-elsewhere', claim: outcome }, complete: false };
  const { state, published } = await publishedSegmentsOf(stores.store, target.tenantId, target.dataset, recorded.commit);
  // Published: the holder's rows are visible (it died, or has not completed the key yet).
  if (state === 'published') return { result: { kind: 'claimed-elsewhere', claim: { status: 'duplicate', result: recorded.response } }, complete: true };
  if (outcome.status === 'in-progress') return { result: { kind: 'claimed-elsewhere', claim: { status: 'in-progress' } }, complete: false };
  // The dead holder's commit never became visible, or only in some segments (a crash between
  // publishing two windows): store the rows of the others again.
  return { takeOver: published };
}

/** A member that repeated an earlier member's key in the same group gets what a retry would. */
function followerResult(member: CommitMember, leader: CommitMember, leaderResult: CommitResult): CommitResult {
  if (member.claim.digest !== leader.claim.digest) return { kind: 'claimed-elsewhere', claim: { status: 'mismatch' } };
  if (leaderResult.kind === 'committed') return { kind: 'claimed-elsewhere', claim: { status: 'duplicate', result: leader.response } };
  return leaderResult;
}

/**
 * The commit protocol for one request (a group of one); see {@link commitGroup}.
 * Its key is completed before this returns.
 */
export async function commitBatch(stores: CommitStores, input: CommitInput): Promise<CommitResult> {
  const { results, toComplete } = await commitGroup(stores, input, [input]);
  if (toComplete.length === 0) return results[0];
  try {
    await stores.catalog.forTenant(input.tenantId).idempotencyKeys.completeRecorded(toComplete);
  } catch (completeError) {
    // The rows are visible and the claim records them: a retry finds them published and is answered.
    return results[0].kind === 'committed' ? { kind: 'committed', completeError } : results[0];
  }
  return results[0];
}

/** Runs a catalog transaction and reports its duration and whether it committed. */
async function timedTransaction(metrics: IngestMetrics | undefined, run: () => Promise<void>): Promise<void> {
  const started = performance.now();
  let committed = false;
  try {
    await run();
    committed = true;
  } finally {
    metrics?.catalogTransactionFinished(committed, (performance.now() - started) / 1000);
  }
}
