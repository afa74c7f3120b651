import type { IngestMetrics, IngestQueueDepths } from '@prism/ingest';
import type { ObservedQuery, QueryObserver } from '@prism/query';
import type { ObservedRequest, RequestObserver } from '@prism/server';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { LifecyclePassName, PassCounts } from '../lifecycle/lifecycle-passes';

// Buckets from 1 ms to 10 s: requests, commits and catalog round trips all fall in that range.
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
// Lifecycle passes run for seconds to minutes.
const PASS_BUCKETS = [0.01, 0.1, 0.5, 1, 5, 15, 60, 300, 900];

/**
 * One process's Prometheus metrics, on a registry of its own (never prom-client's global one, so
 * two runtimes in one process, as in tests, do not mix their series). The libraries report through
 * their own small interfaces (`RequestObserver` of `@prism/server`, `IngestMetrics` of
 * `@prism/ingest`, `QueryObserver` of `@prism/query`), which this class implements: prom-client
 * stays in the runtime. No label carries a tenant id or a raw path.
 */
export class PrismMetrics {
  readonly registry = new Registry();
  private readonly ingestQueues: Array<() => IngestQueueDepths> = [];

  private readonly httpRequests = new Counter({
    name: 'prism_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly httpDuration = new Histogram({
    name: 'prism_http_request_duration_seconds',
    help: 'Time from the request arriving to its response being sent, by method, route template and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly ingestRows = new Counter({
    name: 'prism_ingest_rows_total',
    help: 'Rows committed by ingest, by signal.',
    labelNames: ['signal'] as const,
    registers: [this.registry],
  });
  private readonly ingestBytes = new Counter({
    name: 'prism_ingest_bytes_total',
    help: 'Request body bytes (as received, before decompression) of committed ingest requests, by signal.',
    labelNames: ['signal'] as const,
    registers: [this.registry],
  });
  private readonly commitDuration = new Histogram({
    name: 'prism_ingest_commit_duration_seconds',
    help: 'Duration of one group commit (hot-store files, catalog transaction, publish), by outcome.',
    labelNames: ['outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly catalogDuration = new Histogram({
    name: 'prism_catalog_transaction_duration_seconds',
    help: "Duration of ingest's catalog transactions, by outcome (committed or rolled_back).",
    labelNames: ['outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly queries = new Counter({
    name: 'prism_queries_total',
    help: 'Queries the engine finished (DSL and signal routes such as Zipkin), by signal and outcome.',
    labelNames: ['signal', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly queryStageDuration = new Histogram({
    name: 'prism_query_stage_duration_seconds',
    help: 'Time successful queries spent in each engine stage (plan, prune, read, execute, format).',
    labelNames: ['stage'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly lifecyclePasses = new Counter({
    name: 'prism_lifecycle_passes_total',
    help: 'Lifecycle passes run, by pass (seal, compact, retain) and outcome (ok, partial: some items failed, failed: the pass threw).',
    labelNames: ['pass', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly lifecycleItems = new Counter({
    name: 'prism_lifecycle_items_total',
    help: "Items lifecycle passes handled, by pass and result (the pass's counts: sealed, failed, parquetized, …).",
    labelNames: ['pass', 'result'] as const,
    registers: [this.registry],
  });
  private readonly lifecycleDuration = new Histogram({
    name: 'prism_lifecycle_pass_duration_seconds',
    help: 'Duration of lifecycle passes, by pass.',
    labelNames: ['pass'] as const,
    buckets: PASS_BUCKETS,
    registers: [this.registry],
  });

  constructor() {
    const queues = this.ingestQueues;
    const sum = (pick: (depths: IngestQueueDepths) => number) => queues.reduce((total, read) => total + pick(read()), 0);
    new Gauge({
      name: 'prism_ingest_group_commit_waiting',
      help: 'Ingest requests waiting for a group commit (all tenants together).',
      registers: [this.registry],
      collect() {
        this.set(sum((depths) => depths.groupCommitWaiting));
      },
    });
    new Gauge({
      name: 'prism_ingest_encoder_queued',
      help: 'Ingest requests waiting for a free encoding worker thread.',
      registers: [this.registry],
      collect() {
        this.set(sum((depths) => depths.encoderQueued));
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }

  /** For the HTTP server and the Lambda handler. */
  readonly requests: RequestObserver = {
    requestFinished: ({ method, route, status, durationSeconds }: ObservedRequest) => {
      const labels = { method, route, status: String(status) };
      this.httpRequests.inc(labels);
      this.httpDuration.observe(labels, durationSeconds);
    },
  };

  /** For the ingest service. */
  readonly ingest: IngestMetrics = {
    requestStored: (signal, rows, bodyBytes) => {
      this.ingestRows.inc({ signal }, rows);
      this.ingestBytes.inc({ signal }, bodyBytes);
    },
    commitFinished: (outcome, seconds) => this.commitDuration.observe({ outcome }, seconds),
    catalogTransactionFinished: (committed, seconds) => this.catalogDuration.observe({ outcome: committed ? 'committed' : 'rolled_back' }, seconds),
  };

  /** For the query engine. */
  readonly query: QueryObserver = {
    queryFinished: ({ signal, outcome, stageSeconds }: ObservedQuery) => {
      this.queries.inc({ signal, outcome });
      if (outcome !== 'ok') return;
      for (const [stage, seconds] of Object.entries(stageSeconds)) this.queryStageDuration.observe({ stage }, seconds);
    },
  };

  /** Reads an ingest service's queue depths at every scrape. */
  watchIngestQueues(read: () => IngestQueueDepths): void {
    this.ingestQueues.push(read);
  }

  /** Runs a lifecycle pass and records its outcome, counts and duration; its result or error passes through. */
  async recordPass(pass: LifecyclePassName, run: () => Promise<PassCounts>): Promise<PassCounts> {
    const stopTimer = this.lifecycleDuration.startTimer({ pass });
    try {
      const counts = await run();
      this.lifecyclePasses.inc({ pass, outcome: counts.failed > 0 ? 'partial' : 'ok' });
      for (const [result, count] of Object.entries(counts)) if (count > 0) this.lifecycleItems.inc({ pass, result }, count);
      return counts;
    } catch (error) {
      this.lifecyclePasses.inc({ pass, outcome: 'failed' });
      throw error;
    } finally {
      stopTimer();
    }
  }

  /** The text exposition format and its content type. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
