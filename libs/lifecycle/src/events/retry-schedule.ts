/** How a failing handler is retried. */
export interface RetrySchedule {
  /** Attempts in all, the first included; after the last failure the event is dead-lettered. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export function defaultRetrySchedule(): RetrySchedule {
  return { attempts: 5, baseDelayMs: 200, maxDelayMs: 10_000 };
}

/**
 * Delay before retry `retry` (1 = the first retry): exponential (`base·2^(retry-1)`, capped) with
 * full jitter, so handlers failing together do not retry in lockstep.
 */
export function retryDelayMs(schedule: RetrySchedule, retry: number, random: () => number): number {
  const ceiling = Math.min(schedule.maxDelayMs, schedule.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}
