import { defaultGroupCommitOptions, type GroupCommitOptions } from './group-committer';
import { inlineRequestEncoder, type RequestEncoder } from './request-encoding';
import type { RateLimit } from './token-bucket';

/** Limits that apply to one tenant's requests. */
export interface TenantLimits {
  /** Largest body after decompression; larger gets 413. */
  maxBodyBytes: number;
  rate: RateLimit;
}

/** Options of the ingest service. */
export interface IngestOptions {
  /** Limits of a tenant; every tenant gets `defaultLimits` unless this says otherwise. */
  limitsFor: (tenantId: string) => TenantLimits;
  /** How long a client's `Idempotency-Key` and its stored response are kept. */
  idempotencyTtlMs: number;
  /** Without a key, an identical body within this window counts as a retry. */
  digestWindowMs: number;
  /**
   * How long a request's claim on its idempotency key holds while it commits. A process that dies
   * after claiming leaves the key pending; once the lease runs out a retry takes it over instead
   * of getting 503 until the key's TTL. Keep it well above the slowest commit.
   */
  claimLeaseMs: number;
  /** How concurrent requests for one tenant's dataset are merged into one commit. */
  groupCommit: GroupCommitOptions;
  /** Ingest time source, in milliseconds. */
  clock: () => number;
  /** Where requests are decoded, eventized and encoded: inline by default, or worker threads. */
  encoder: RequestEncoder;
}

/** 64 MiB decompressed (the OTLP spec's recommendation), 100 requests/s with a burst of 200. */
export function defaultTenantLimits(): TenantLimits {
  return { maxBodyBytes: 64 * 1024 * 1024, rate: { perSecond: 100, burst: 200 } };
}

/** Defaults for every option (a day of keys, ten minutes of digests, a one-minute claim lease); see {@link defaultTenantLimits}. */
export function defaultIngestOptions(): IngestOptions {
  const limits = defaultTenantLimits();
  return {
    limitsFor: () => limits,
    idempotencyTtlMs: 24 * 60 * 60 * 1000,
    digestWindowMs: 10 * 60 * 1000,
    claimLeaseMs: 60 * 1000,
    groupCommit: defaultGroupCommitOptions(),
    clock: Date.now,
    encoder: inlineRequestEncoder,
  };
}
