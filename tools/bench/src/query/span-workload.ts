import { SpanKind, SpanStatusCode, TraceFlags, type Attributes, type HrTime, type SpanContext } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { logNormal, skewedIndex } from '../workloads/otlp-workload';

/** Shape of the query benchmark's span workload; every figure comes from a seeded PRNG. */
export interface SpanWorkloadOptions {
  random: () => number;
  /** Spans in the whole workload. */
  spans: number;
  /** Spans per OTLP request (traces are never split across requests). */
  batch: number;
  services: number;
  /** Operations in total, split evenly between the services. */
  operations: number;
  /** Span timestamps run evenly from `startMs` over this many minutes. */
  windowMinutes: number;
  startMs: number;
  errorRate: number;
}

export function defaultSpanWorkloadOptions(random: () => number, spans: number): SpanWorkloadOptions {
  return { random, spans, batch: 1000, services: 50, operations: 500, windowMinutes: 120, startMs: 1_763_856_000_000, errorRate: 0.05 };
}

/** One OTLP protobuf request and what it holds. */
export interface WorkloadRequest {
  body: Uint8Array;
  spans: number;
  /** Span rows plus span-event rows (one `exception` event per error span). */
  rows: number;
}

/** A trace the workload wrote, with the rows Prism should return for it. */
export interface TraceSample {
  traceIdHex: string;
  rows: number;
}

/** Attribute keys every span carries (20): a mix of low- and high-cardinality strings, ints, doubles and a bool. */
export const SPAN_ATTRIBUTE_KEYS = [
  'http.request.method',
  'http.route',
  'http.response.status_code',
  'url.path',
  'server.address',
  'server.port',
  'user.id',
  'request.id',
  'net.peer.ip',
  'cache.hit',
  'customer.tier',
  'app.region',
  'http.request.body.size',
  'http.response.body.size',
  'thread.id',
  'retry.count',
  'feature.flag',
  'session.id',
  'app.build',
  'queue.wait_ms',
] as const;

const HTTP_METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'];
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-south-1', 'ap-northeast-1'];
const BUILDS = ['2024.11.1', '2024.11.2', '2024.12.0', '2025.01.0', '2025.01.1'];
const MS = 1_000_000;
const SCOPE = { name: 'prism-bench', version: '1.0.0' };

/** The customer tier of a span: most traffic is free, a few percent enterprise (the search's tag). */
function tierOf(random: () => number): string {
  const draw = random();
  return draw < 0.7 ? 'free' : draw < 0.95 ? 'pro' : 'enterprise';
}

function hex(random: () => number, bytes: number): string {
  let out = '';
  for (let i = 0; i < bytes; i++)
    out += Math.floor(random() * 256)
      .toString(16)
      .padStart(2, '0');
  return out;
}

function hrTime(ns: number): HrTime {
  return [Math.floor(ns / 1e9), ns % 1e9];
}

/**
 * Generates the workload request by request, so even 10 million spans never sit in memory at
 * once: traces of 1–15 spans across services (the root's service skewed by popularity, children
 * staying in it 60% of the time), 10 operations per service, 20 attributes per span, log-normal
 * durations, `errorRate` errors each with an exception event. Timestamps advance evenly over
 * the window (with jitter and unique nanoseconds), as a live system's exports would.
 */
export class SpanWorkload {
  private readonly resources: Resource[];
  private produced = 0;
  /** Spans generated so far, including the request being built: the clock of the workload. */
  private generated = 0;
  private readonly samples: TraceSample[] = [];
  private traces = 0;

  constructor(
    readonly options: SpanWorkloadOptions,
    /** How many traces to remember for trace-by-id queries, spread over the whole window. */
    private readonly sampleSize = 64,
  ) {
    this.resources = Array.from({ length: options.services }, (_, service) =>
      resourceFromAttributes({
        'service.name': serviceName(service),
        'service.version': `1.${service % 5}.0`,
        'host.name': `host-${service % 7}`,
        'deployment.environment': 'production',
        'cloud.region': REGIONS[service % REGIONS.length],
      }),
    );
  }

  /** Traces remembered for trace-by-id, with their expected row counts. */
  get traceSamples(): readonly TraceSample[] {
    return this.samples;
  }

  get done(): boolean {
    return this.produced >= this.options.spans;
  }

  /** The next request, or undefined when every span was produced. */
  next(): WorkloadRequest | undefined {
    if (this.done) return undefined;
    const target = Math.min(this.options.batch, this.options.spans - this.produced);
    const spans: ReadableSpan[] = [];
    let rows = 0;
    while (spans.length < target) {
      const size = Math.min(target - spans.length, 1 + Math.floor(this.options.random() * 15));
      const trace = this.trace(size);
      rows += trace.rows;
      spans.push(...trace.spans);
    }
    this.produced += spans.length;
    return { body: ProtobufTraceSerializer.serializeRequest(spans) as Uint8Array, spans: spans.length, rows };
  }

  private trace(size: number): { spans: ReadableSpan[]; rows: number } {
    const { random } = this.options;
    const traceId = hex(random, 16);
    const windowNs = this.options.windowMinutes * 60_000 * MS;
    const startNs = this.options.startMs * MS + Math.floor((this.generated / this.options.spans) * windowNs) + Math.floor(random() * 1000 * MS);
    const spans: ReadableSpan[] = [];
    const contexts: Array<{ context: SpanContext; service: number; startNs: number; durationNs: number }> = [];
    let rows = 0;
    for (let index = 0; index < size; index++) {
      const parent = index === 0 ? undefined : contexts[Math.floor(random() * contexts.length)];
      const service = parent === undefined || random() >= 0.6 ? skewedIndex(random, this.options.services) : parent.service;
      const spanStartNs = parent === undefined ? startNs : parent.startNs + Math.floor(random() * parent.durationNs * 0.5) + 1 + Math.floor(random() * 999);
      const durationNs = Math.max(1000, Math.round(logNormal(random, parent === undefined ? 60 : 20, 1) * MS));
      const context: SpanContext = { traceId, spanId: hex(random, 8), traceFlags: TraceFlags.SAMPLED };
      const error = random() < this.options.errorRate;
      spans.push(this.span(service, context, parent?.context, spanStartNs, durationNs, error));
      contexts.push({ context, service, startNs: spanStartNs, durationNs });
      rows += error ? 2 : 1;
    }
    this.generated += size;
    this.remember(traceId, rows);
    return { spans, rows };
  }

  private span(service: number, context: SpanContext, parent: SpanContext | undefined, startNs: number, durationNs: number, error: boolean): ReadableSpan {
    const { random } = this.options;
    const perService = Math.max(1, Math.floor(this.options.operations / this.options.services));
    const operation = service * perService + skewedIndex(random, perService);
    const method = HTTP_METHODS[operation % HTTP_METHODS.length];
    const route = `/api/v1/resource-${operation}`;
    const attributes: Attributes = {
      'http.request.method': method,
      'http.route': route,
      'http.response.status_code': error ? 500 : random() < 0.03 ? 404 : 200,
      'url.path': `${route}/${Math.floor(random() * 100_000)}`,
      'server.address': `${serviceName(service)}.internal`,
      'server.port': 8080,
      'user.id': `user-${Math.floor(random() * 50_000)}`,
      'request.id': hex(random, 8),
      'net.peer.ip': `10.0.${Math.floor(random() * 255)}.${Math.floor(random() * 255)}`,
      'cache.hit': random() < 0.3,
      'customer.tier': tierOf(random),
      'app.region': REGIONS[service % REGIONS.length],
      'http.request.body.size': Math.floor(logNormal(random, 300, 1)),
      'http.response.body.size': Math.floor(logNormal(random, 2000, 1.2)),
      'thread.id': Math.floor(random() * 64),
      'retry.count': random() < 0.05 ? 1 + Math.floor(random() * 3) : 0,
      'feature.flag': `flag-${skewedIndex(random, 20)}`,
      'session.id': `session-${Math.floor(random() * 20_000)}`,
      'app.build': BUILDS[skewedIndex(random, BUILDS.length)],
      'queue.wait_ms': Math.round(logNormal(random, 2, 1.5) * 1000) / 1000,
    };
    const endNs = startNs + durationNs;
    return {
      name: `${method} ${route}`,
      kind: parent === undefined ? SpanKind.SERVER : SpanKind.CLIENT,
      spanContext: () => context,
      ...(parent === undefined ? {} : { parentSpanContext: parent }),
      startTime: hrTime(startNs),
      endTime: hrTime(endNs),
      duration: hrTime(durationNs),
      status: error ? { code: SpanStatusCode.ERROR, message: 'internal error' } : { code: SpanStatusCode.UNSET },
      attributes,
      links: [],
      events: error
        ? [{ name: 'exception', time: hrTime(endNs - 1), attributes: { 'exception.type': 'UpstreamError', 'exception.message': 'upstream returned 500' } }]
        : [],
      ended: true,
      resource: this.resources[service],
      instrumentationScope: SCOPE,
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
    };
  }

  /** Keeps every k-th trace so the samples cover the whole window (k from the expected trace count). */
  private remember(traceIdHex: string, rows: number): void {
    const expectedTraces = Math.max(1, Math.floor(this.options.spans / 8));
    const every = Math.max(1, Math.floor(expectedTraces / this.sampleSize));
    if (this.traces++ % every === 0 && this.samples.length < this.sampleSize) this.samples.push({ traceIdHex, rows });
  }
}

/** `service.name` of the service with popularity rank `index`. */
export function serviceName(index: number): string {
  return `service-${index}`;
}
