import { QueryBudgetExceededError } from '../errors';

/** How much time and memory one query may use. */
export interface QueryBudget {
  /** Wall-clock time from start to result. */
  timeoutMs: number;
  /** Decoded column bytes read plus the state grouping and sorting keep, approximately. */
  maxMemoryBytes: number;
}

export function defaultQueryBudget(): QueryBudget {
  return { timeoutMs: 30_000, maxMemoryBytes: 256 * 1024 * 1024 };
}

/**
 * Tracks a query against its budget. The engine checks it between segments and batches, so a
 * query stops within one batch of going over and fails with {@link QueryBudgetExceededError}.
 */
export class BudgetMeter {
  private readonly startedAt: number;
  private bytes = 0;

  constructor(
    private readonly budget: QueryBudget,
    private readonly clock: () => number,
  ) {
    this.startedAt = clock();
  }

  get memoryBytes(): number {
    return this.bytes;
  }

  /** Records memory taken; fails when past the memory budget. */
  charge(bytes: number): void {
    this.bytes += bytes;
    if (this.bytes > this.budget.maxMemoryBytes) throw new QueryBudgetExceededError('memory', this.budget.maxMemoryBytes, this.bytes);
  }

  /** Returns memory given back (e.g. rows dropped by top-k). */
  release(bytes: number): void {
    this.bytes = Math.max(0, this.bytes - bytes);
  }

  /** Fails when past the time budget. */
  checkTime(): void {
    const elapsed = this.clock() - this.startedAt;
    if (elapsed > this.budget.timeoutMs) throw new QueryBudgetExceededError('time', this.budget.timeoutMs, elapsed);
  }
}
