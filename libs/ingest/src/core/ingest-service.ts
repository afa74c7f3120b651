import type { Catalog, ClaimOutcome, JsonValue } from '@prism/catalog';
import type { Logger } from '@prism/server';
import type { HotStoreWriter } from '@prism/storage';
import type { CommitResult } from './commit-protocol';
import { GroupCommitter } from './group-committer';
import type { IngestMetrics, IngestQueueDepths } from './ingest-metrics';
import { defaultIngestOptions, type IngestOptions } from './ingest-options';
import type { AcceptedResponse, IngestOutcome } from './ingest-outcome';
import type { IngestRequest } from './ingest-request';
import type { EncodeOutcome } from './request-encoding';
import { idempotencyKeyOf } from './request-digest';
import { TokenBuckets } from './token-bucket';

/** What the ingest service writes to. */
export interface IngestStores {
  catalog: Catalog;
  store: HotStoreWriter;
  logger?: Logger;
  /** Rows, bytes, commit and catalog timings; nothing is recorded without it. */
  metrics?: IngestMetrics;
}

/**
 * The ingest core, free of HTTP: rate limit → decode and eventize → group commit with the other
 * requests for the same tenant's dataset (see `commitGroup`) → an {@link IngestOutcome}. Every failure is an outcome; nothing acknowledged is ever lost.
 *
 * @example
 * const outcome = await service.ingest({ tenant: { tenantId: 'acme', shardId: 1 }, signal, body, contentType: 'application/json' });
 */
export class IngestService {
  readonly options: IngestOptions;
  private readonly buckets: TokenBuckets;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly committer: GroupCommitter;

  constructor(
    private readonly stores: IngestStores,
    options: Partial<IngestOptions> = {},
  ) {
    this.options = { ...defaultIngestOptions(), ...options };
    this.buckets = new TokenBuckets((tenantId) => this.options.limitsFor(tenantId).rate, this.options.clock);
    this.committer = new GroupCommitter(stores, this.options.groupCommit, stores.logger);
  }

  /** Takes one request token for the tenant; a `retryable` 429 outcome when its bucket is empty. */
  throttle(tenantId: string): Extract<IngestOutcome, { status: 429 }> | undefined {
    const taken = this.buckets.take(tenantId);
    if (taken.allowed) return undefined;
    return { kind: 'retryable', status: 429, message: `rate limit of tenant "${tenantId}" exceeded`, retryAfterMs: taken.retryAfterMs };
  }

  /** Stores one request's records and says what to answer. */
  ingest(request: IngestRequest): Promise<IngestOutcome> {
    const work = this.run(request);
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
    return work;
  }

  /** Requests waiting now for a group commit and for an encoding thread (read by metrics scrapes). */
  queueDepths(): IngestQueueDepths {
    return { groupCommitWaiting: this.committer.waitingRequests(), encoderQueued: this.options.encoder.queuedJobs?.() ?? 0 };
  }

  /** Resolves once every ingest started so far has finished and its key is completed (for shutdown). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    await this.committer.drain();
  }

  private async run(request: IngestRequest): Promise<IngestOutcome> {
    const { tenant, signal } = request;
    const ingestTs = BigInt(this.options.clock()) * 1_000_000n;
    const context = { tenantId: tenant.tenantId, dataset: signal.defaultDataset, ingestTs };
    // The encoder may move the body to a worker thread: take what is needed of it first.
    const bodyBytes = request.body.byteLength;
    let encoded: EncodeOutcome;
    try {
      encoded = await this.options.encoder.encode({
        signal,
        ...(request.format === undefined ? {} : { format: request.format }),
        body: request.body,
        contentType: request.contentType,
        context,
        encoding: this.stores.store.encodingOptionsFor(context.dataset),
      });
    } catch (error) {
      // A bug in a signal or a worker thread that died: nothing was stored, the client may retry.
      this.stores.logger?.error('encoding a request failed', { tenantId: tenant.tenantId, error });
      return { kind: 'retryable', status: 503, message: 'the request could not be processed; nothing was stored, retry' };
    }
    if (!encoded.ok) return { kind: 'rejected', message: encoded.message };
    // Extra formats are answered without a body (Zipkin: 202), so rejected records could not be
    // reported: refuse the request rather than acknowledge records that were dropped.
    if (request.format !== undefined && encoded.rejectedRecords > 0) return { kind: 'rejected', message: encoded.rejectedSummary };

    const response: AcceptedResponse = {
      acceptedRecords: encoded.acceptedRecords,
      ...(encoded.rejectedRecords > 0 ? { partialSuccess: { rejected: encoded.rejectedRecords, errorMessage: encoded.rejectedSummary } } : {}),
    };
    // An empty request (or one whose every record was rejected) stores nothing: nothing to dedupe.
    if (encoded.rows === undefined) return { kind: 'accepted', ...response };

    const { digest } = encoded;
    const { key, fromHeader } = idempotencyKeyOf(request, digest);
    const result = await this.committer.submit(
      { tenantId: tenant.tenantId, shardId: tenant.shardId, dataset: signal.defaultDataset },
      {
        rows: encoded.rows,
        claim: { key, digest, ttlMs: fromHeader ? this.options.idempotencyTtlMs : this.options.digestWindowMs, claimLeaseMs: this.options.claimLeaseMs },
        response: response as unknown as JsonValue,
      },
      bodyBytes,
    );
    if (result.kind === 'committed') this.stores.metrics?.requestStored(signal.name, encoded.rows.rowCount, bodyBytes);
    return this.outcomeOf(result, response, tenant.tenantId);
  }

  private outcomeOf(result: CommitResult, response: AcceptedResponse, tenantId: string): IngestOutcome {
    const logger = this.stores.logger?.child({ tenantId });
    switch (result.kind) {
      case 'committed':
        if (result.completeError !== undefined) logger?.warn('idempotency key not completed', { error: result.completeError });
        return { kind: 'accepted', ...response };
      case 'claimed-elsewhere':
        return claimOutcome(result.claim);
      case 'storage-failed':
        logger?.error('hot store commit failed', { error: result.error });
        return this.unavailable('the hot store is unavailable');
      case 'catalog-failed':
        logger?.error('catalog commit failed; prepared blocks aborted', { error: result.error });
        return this.unavailable('the catalog is unavailable');
      case 'publish-failed':
        logger?.error('publishing a recorded commit failed', { error: result.error });
        return this.unavailable('the hot store is unavailable');
    }
  }

  private unavailable(message: string): IngestOutcome {
    return { kind: 'retryable', status: 503, message: `${message}; nothing was stored, retry` };
  }
}

function claimOutcome(claim: Exclude<ClaimOutcome, { status: 'new' }>): IngestOutcome {
  switch (claim.status) {
    case 'duplicate':
      return { kind: 'duplicate', ...(claim.result as unknown as AcceptedResponse) };
    case 'in-progress':
      return { kind: 'retryable', status: 503, message: 'a request with this idempotency key is in progress' };
    case 'mismatch':
      return { kind: 'conflict', message: 'this idempotency key was already used with a different request body' };
  }
}
