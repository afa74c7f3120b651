import type { Logger } from '@prism/server';
import { commitGroup, type CommitMember, type CommitResult, type CommitStores, type CommitTarget } from './commit-protocol';

/** Bounds of one group commit. */
export interface GroupCommitOptions {
  /** Most rows merged into one commit (a request larger than this commits alone). */
  maxRows: number;
  /** Most request body bytes merged into one commit. */
  maxBytes: number;
  /** Longest a request waits for the commit in flight before its group starts anyway. */
  maxWaitMs: number;
  /**
   * Shortly after a commit (within `maxWaitMs`), a request arriving with nothing in flight waits up
   * to this long for as many requests as the lane recently had at once (the commit's plus those
   * queued behind it: their clients are sending again), instead of committing alone and leaving the
   * rest to queue behind it. Idle lanes and lanes of one client commit at once.
   */
  lingerMs: number;
}

/** 50,000 rows, 32 MiB of bodies, 200 ms, 10 ms linger. */
export function defaultGroupCommitOptions(): GroupCommitOptions {
  return { maxRows: 50_000, maxBytes: 32 * 1024 * 1024, maxWaitMs: 200, lingerMs: 10 };
}

interface Waiting {
  member: CommitMember;
  rows: number;
  bytes: number;
  answer: (result: CommitResult) => void;
}

/** One tenant's dataset: requests waiting for the next commit and keys waiting to be completed. */
interface Lane {
  target: CommitTarget;
  waiting: Waiting[];
  rows: number;
  bytes: number;
  inFlight: number;
  timer: NodeJS.Timeout | undefined;
  toComplete: string[];
  completing: Promise<void> | undefined;
  /** Requests answered by the lane's last commit plus those then waiting: its recent concurrency. */
  recentRequests: number;
  /** When the lane's last commit ended (ms, monotonic). */
  lastEndedAt: number;
}

/**
 * Group commit: a request for a tenant's dataset commits at once when nothing is in flight there;
 * requests arriving while a commit is in flight wait and go together into the next commit, which
 * starts when the one in flight ends, when the group is full, or after `maxWaitMs`. Keys of
 * published commits are completed inside the next group's transaction, or on their own when no
 * group follows.
 */
export class GroupCommitter {
  private readonly lanes = new Map<string, Lane>();
  private readonly commits = new Set<Promise<void>>();

  constructor(
    private readonly stores: CommitStores,
    private readonly options: GroupCommitOptions,
    private readonly logger?: Logger,
  ) {}

  /** Commits one request's rows with whatever else is waiting for its tenant's dataset. */
  submit(target: CommitTarget, member: CommitMember, bytes: number): Promise<CommitResult> {
    const lane = this.laneOf(target);
    return new Promise<CommitResult>((answer) => {
      lane.waiting.push({ member, rows: member.rows.rowCount, bytes, answer });
      lane.rows += member.rows.rowCount;
      lane.bytes += bytes;
      if (lane.inFlight === 0) this.startOrLinger(lane);
      else if (this.isFull(lane)) this.dispatch(lane);
      else lane.timer ??= setTimeout(() => this.dispatch(lane), this.options.maxWaitMs);
    });
  }

  /** Requests waiting for a commit, over every lane (a metrics gauge). */
  waitingRequests(): number {
    let waiting = 0;
    for (const lane of this.lanes.values()) waiting += lane.waiting.length;
    return waiting;
  }

  /** Resolves once no key completion is running or owed (for shutdown). */
  async drain(): Promise<void> {
    // Requests are answered a moment before their commit's bookkeeping ends: wait for that too.
    while (this.commits.size > 0) await Promise.allSettled([...this.commits]);
    for (const lane of this.lanes.values()) {
      while (lane.completing !== undefined || (lane.toComplete.length > 0 && lane.inFlight === 0)) {
        await (lane.completing ?? this.completeAlone(lane));
      }
    }
  }

  private laneOf(target: CommitTarget): Lane {
    const name = `${target.tenantId}\u0000${target.dataset}`;
    let lane = this.lanes.get(name);
    if (lane === undefined) {
      lane = {
        target,
        waiting: [],
        rows: 0,
        bytes: 0,
        inFlight: 0,
        timer: undefined,
        toComplete: [],
        completing: undefined,
        recentRequests: 0,
        lastEndedAt: -Infinity,
      };
      this.lanes.set(name, lane);
    }
    return lane;
  }

  /**
   * With nothing in flight: commit what waits now, unless the lane was busy a moment ago and fewer
   * requests wait than it recently had at once; then wait up to `lingerMs` for the rest.
   */
  private startOrLinger(lane: Lane): void {
    const idle = performance.now() - lane.lastEndedAt > this.options.maxWaitMs;
    if (idle || this.isFull(lane) || lane.waiting.length >= lane.recentRequests) this.dispatch(lane);
    else lane.timer ??= setTimeout(() => this.dispatch(lane), this.options.lingerMs);
  }

  private isFull(lane: Lane): boolean {
    return lane.rows >= this.options.maxRows || lane.bytes >= this.options.maxBytes;
  }

  private dispatch(lane: Lane): void {
    clearTimeout(lane.timer);
    lane.timer = undefined;
    const group = this.takeGroup(lane);
    if (group.length === 0) return;
    lane.inFlight++;
    const completions = lane.toComplete.splice(0);
    const started = performance.now();
    const commit = commitGroup(
      this.stores,
      lane.target,
      group.map((waiting) => waiting.member),
      completions,
    )
      .then(
        ({ results, toComplete, completionsDone }) => {
          if (!completionsDone) lane.toComplete.unshift(...completions);
          lane.toComplete.push(...toComplete);
          group.forEach((waiting, index) => waiting.answer(results[index]));
          this.stores.metrics?.commitFinished(
            results.some((result) => result.kind === 'committed') ? 'committed' : (results[0]?.kind ?? 'committed'),
            (performance.now() - started) / 1000,
          );
        },
        (error: unknown) => {
          // commitGroup turns store failures into results; anything else still gets every request an answer.
          lane.toComplete.unshift(...completions);
          for (const waiting of group) waiting.answer({ kind: 'storage-failed', error });
          this.stores.metrics?.commitFinished('storage-failed', (performance.now() - started) / 1000);
        },
      )
      .finally(() => {
        lane.inFlight--;
        lane.recentRequests = group.length + lane.waiting.length;
        lane.lastEndedAt = performance.now();
        if (lane.waiting.length > 0) {
          clearTimeout(lane.timer);
          lane.timer = undefined;
          this.startOrLinger(lane);
        } else if (lane.inFlight === 0 && lane.toComplete.length > 0) void this.completeAlone(lane);
      });
    this.commits.add(commit);
    void commit.finally(() => this.commits.delete(commit));
  }

  /** The oldest waiting requests within the bounds (always at least one). */
  private takeGroup(lane: Lane): Waiting[] {
    let rows = 0;
    let bytes = 0;
    let count = 0;
    for (const waiting of lane.waiting) {
      if (count > 0 && (rows + waiting.rows > this.options.maxRows || bytes + waiting.bytes > this.options.maxBytes)) break;
      rows += waiting.rows;
      bytes += waiting.bytes;
      count++;
    }
    lane.rows -= rows;
    lane.bytes -= bytes;
    return lane.waiting.splice(0, count);
  }

  /** Completes owed keys in a transaction of their own (no group came to carry them). */
  private completeAlone(lane: Lane): Promise<void> {
    if (lane.completing !== undefined) return lane.completing;
    const keys = lane.toComplete.splice(0);
    lane.completing = this.stores.catalog
      .forTenant(lane.target.tenantId)
      .idempotencyKeys.completeRecorded(keys)
      .then(
        () => undefined,
        // Left pending, each key still records its published commit: a retry is answered from it.
        (error: unknown) => this.logger?.warn('idempotency keys not completed', { tenantId: lane.target.tenantId, keys: keys.length, error }),
      )
      .finally(() => {
        lane.completing = undefined;
      });
    return lane.completing;
  }
}
