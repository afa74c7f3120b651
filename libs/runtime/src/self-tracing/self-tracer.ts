import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-node';
import type { Signal } from '@prism/contract';
import { LOCAL_SHARD_ID, type IngestService } from '@prism/ingest';
import type { Logger, ObservedRequest, RequestObserver } from '@prism/server';

/** How often and in what batches self-traced spans are written. */
export interface SelfTracerOptions {
  /** Longest a finished span waits before its batch is exported. */
  scheduledDelayMs: number;
  maxExportBatchSize: number;
}

/** One export a second, up to 512 spans. */
export function defaultSelfTracerOptions(): SelfTracerOptions {
  return { scheduledDelayMs: 1000, maxExportBatchSize: 512 };
}

/**
 * Prism tracing its own HTTP requests into one of its tenants (`PRISM_SELF_TRACING_TENANT`): one
 * SERVER span per finished request (method, route template, status; never a tenant id or raw
 * path), exported in batches as OTLP protobuf straight into this process's ingest core. That
 * export is a function call, not an HTTP request, so it is never traced itself: no feedback loop.
 * Spans finished before the ingest service is attached, or in a process without one, are dropped.
 */
export class SelfTracer {
  private ingest: IngestService | undefined;
  private tenantExists: () => Promise<boolean> = async () => false;
  private readonly provider: BasicTracerProvider;
  private readonly tracer;
  private warned = false;

  constructor(
    readonly tenantId: string,
    private readonly spans: Signal,
    private readonly logger: Logger,
    options: Partial<SelfTracerOptions> = {},
  ) {
    const { scheduledDelayMs, maxExportBatchSize } = { ...defaultSelfTracerOptions(), ...options };
    const exporter: SpanExporter = {
      export: (batch, done) => void this.exportSpans(batch).then(done),
      shutdown: async () => undefined,
    };
    this.provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'prism' }),
      spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: scheduledDelayMs, maxExportBatchSize })],
    });
    this.tracer = this.provider.getTracer('prism');
  }

  /** Turns each finished request into a span (for the HTTP server). */
  readonly requests: RequestObserver = {
    requestFinished: (request) => this.traceRequest(request),
  };

  /**
   * The ingest core spans are written to (until then they are dropped), and how to ask whether the
   * self tenant exists: it is not created for the operator, and batches are dropped (one warning)
   * while it is missing.
   */
  attach(ingest: IngestService, tenantExists: () => Promise<boolean>): void {
    this.ingest = ingest;
    this.tenantExists = tenantExists;
  }

  /** Exports every finished span now; a batch that could not be stored is dropped (and was warned about), not an error. */
  flush(): Promise<void> {
    return this.provider.forceFlush().catch(() => undefined);
  }

  /** Exports what is left and stops; call before the ingest service drains. */
  async shutdown(): Promise<void> {
    await this.provider.shutdown().catch(() => undefined);
    this.ingest = undefined;
  }

  private traceRequest({ method, route, status, durationSeconds }: ObservedRequest): void {
    if (this.ingest === undefined) return;
    const end = Date.now();
    const span = this.tracer.startSpan(`${method} ${route}`, {
      kind: SpanKind.SERVER,
      startTime: end - durationSeconds * 1000,
      attributes: { 'http.request.method': method, 'http.route': route, 'http.response.status_code': status },
    });
    if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end(end);
  }

  private async exportSpans(batch: ReadableSpan[]): Promise<ExportResult> {
    const ingest = this.ingest;
    const body = ProtobufTraceSerializer.serializeRequest(batch);
    if (ingest === undefined || body === undefined) return { code: ExportResultCode.FAILED };
    if (!(await this.tenantExists().catch(() => false))) {
      this.warnOnce(`self-tracing tenant "${this.tenantId}" does not exist: spans are dropped until it is created`);
      return { code: ExportResultCode.FAILED };
    }
    const outcome = await ingest.ingest({
      tenant: { tenantId: this.tenantId, shardId: LOCAL_SHARD_ID },
      signal: this.spans,
      body,
      contentType: 'application/x-protobuf',
    });
    if (outcome.kind === 'accepted' || outcome.kind === 'duplicate') return { code: ExportResultCode.SUCCESS };
    this.warnOnce('self-tracing spans were not stored', { outcome: outcome.kind, message: 'message' in outcome ? outcome.message : undefined });
    return { code: ExportResultCode.FAILED };
  }

  // Once per process: a lasting cause would otherwise log every batch.
  private warnOnce(message: string, fields: Record<string, unknown> = {}): void {
    if (this.warned) return;
    this.warned = true;
    this.logger.warn(message, fields);
  }
}
