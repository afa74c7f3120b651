import type { CommitResult } from './commit-protocol';

/**
 * What the ingest core reports for metrics. The runtime implements it over its metrics registry;
 * ingest itself knows no metrics library. Tenant ids are never passed: labels must stay bounded
 * and one tenant's traffic must not show in what another can scrape.
 */
export interface IngestMetrics {
  /** One request's rows were committed: its row count and request body bytes, by signal name. */
  requestStored(signal: string, rows: number, bodyBytes: number): void;
  /** One group commit ended (all attempts): how, and how long it took. */
  commitFinished(outcome: CommitResult['kind'], seconds: number): void;
  /** One commit attempt's catalog transaction ended: whether it committed, and how long it took. */
  catalogTransactionFinished(committed: boolean, seconds: number): void;
}

/** Records nothing: the default when no metrics are wanted. */
export const noIngestMetrics: IngestMetrics = {
  requestStored: () => undefined,
  commitFinished: () => undefined,
  catalogTransactionFinished: () => undefined,
};

/** Requests waiting in ingest's queues, read when metrics are scraped. */
export interface IngestQueueDepths {
  /** Requests waiting for a group commit, over every tenant's dataset. */
  groupCommitWaiting: number;
  /** Requests waiting for a free encoding worker thread (0 when encoding inline). */
  encoderQueued: number;
}
