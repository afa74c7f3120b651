/** Settings of one tenant's token bucket. */
export interface RateLimit {
  /** Tokens added per second (sustained requests per second); `0` disables limiting. */
  perSecond: number;
  /** Most tokens the bucket holds: the burst allowed after a quiet spell. */
  burst: number;
}

/** Whether a request may go ahead, and if not, when a token will be there. */
export type TakeResult = { allowed: true } | { allowed: false; retryAfterMs: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * Token buckets keyed by tenant, refilled lazily from the clock on each take. Per process: with
 * several ingest processes each enforces its own share, which is the usual trade for not putting
 * a shared counter on the hot path.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limitFor: (key: string) => RateLimit,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Takes one token for `key`. */
  take(key: string, cost = 1): TakeResult {
    const limit = this.limitFor(key);
    if (limit.perSecond <= 0) return { allowed: true };
    const now = this.clock();
    const bucket = this.buckets.get(key) ?? { tokens: limit.burst, updatedAt: now };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * limit.perSecond);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      return { allowed: true };
    }
    return { allowed: false, retryAfterMs: Math.ceil(((cost - bucket.tokens) / limit.perSecond) * 1000) };
  }
}
