// OTLP/JSON export requests the e2e run sends to a real server: a small checkout trace across three
// services (attributes, an event, a link), a 10k-span trace, log lines (one tied to the checkout
// trace), a cumulative counter and a delta histogram. Timestamps sit in the last minutes so the
// default time ranges of the views find them.

export const CHECKOUT_TRACE_ID = '5b8efff798038103d269b633813fc60d';
export const BIG_TRACE_ID = 'a1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b8';
export const BIG_TRACE_SPANS = 10_000;
export const CHECKOUT_SPAN_NAMES = ['GET /checkout', 'cart.reserve', 'SELECT cart_items', 'payment.charge', 'render receipt'];
export const DECLINED_LOG = 'payment declined for order 42';

const ns = (ms: number) => String(BigInt(Math.round(ms * 1000)) * 1000n);
const text = (key: string, value: string) => ({ key, value: { stringValue: value } });
const resource = (service: string) => ({ attributes: [text('service.name', service), text('deployment.environment', 'e2e')] });

interface SeedSpan {
  service: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  startMs: number;
  durationMs: number;
  kind: number;
  attributes?: Array<ReturnType<typeof text>>;
  events?: object[];
  links?: object[];
}

function tracesRequest(traceId: string, spans: readonly SeedSpan[]): string {
  const byService = new Map<string, SeedSpan[]>();
  for (const span of spans) byService.set(span.service, [...(byService.get(span.service) ?? []), span]);
  return JSON.stringify({
    resourceSpans: [...byService].map(([service, list]) => ({
      resource: resource(service),
      scopeSpans: [
        {
          scope: { name: 'prism-e2e' },
          spans: list.map((span) => ({
            traceId,
            spanId: span.spanId,
            ...(span.parentSpanId === undefined ? {} : { parentSpanId: span.parentSpanId }),
            name: span.name,
            kind: span.kind,
            startTimeUnixNano: ns(span.startMs),
            endTimeUnixNano: ns(span.startMs + span.durationMs),
            attributes: span.attributes ?? [],
            events: span.events ?? [],
            links: span.links ?? [],
          })),
        },
      ],
    })),
  });
}

/** frontend → cart → db, frontend → payments; the payment call ends last, so it is on the critical path. */
export function checkoutTrace(nowMs: number): string {
  const t0 = nowMs - 5 * 60_000;
  return tracesRequest(CHECKOUT_TRACE_ID, [
    {
      service: 'frontend',
      spanId: '1000000000000001',
      name: CHECKOUT_SPAN_NAMES[0],
      startMs: t0,
      durationMs: 120,
      kind: 2,
      attributes: [text('http.route', '/checkout')],
    },
    { service: 'cart', spanId: '1000000000000002', parentSpanId: '1000000000000001', name: CHECKOUT_SPAN_NAMES[1], startMs: t0 + 5, durationMs: 40, kind: 2 },
    {
      service: 'db',
      spanId: '1000000000000003',
      parentSpanId: '1000000000000002',
      name: CHECKOUT_SPAN_NAMES[2],
      startMs: t0 + 10,
      durationMs: 30,
      kind: 3,
      attributes: [text('db.system', 'postgresql')],
    },
    {
      service: 'payments',
      spanId: '1000000000000004',
      parentSpanId: '1000000000000001',
      name: CHECKOUT_SPAN_NAMES[3],
      startMs: t0 + 50,
      durationMs: 60,
      kind: 2,
      attributes: [text('payment.provider', 'acme-pay')],
      events: [{ timeUnixNano: ns(t0 + 100), name: 'card declined', attributes: [text('decline.code', '51')] }],
      links: [{ traceId: BIG_TRACE_ID, spanId: 'b000000000000000', attributes: [text('link.reason', 'retry')] }],
    },
    {
      service: 'frontend',
      spanId: '1000000000000005',
      parentSpanId: '1000000000000001',
      name: CHECKOUT_SPAN_NAMES[4],
      startMs: t0 + 20,
      durationMs: 10,
      kind: 1,
    },
  ]);
}

/** One root and 9,999 sequential children: the waterfall's last row is `step-09999`. */
export function bigTrace(nowMs: number): string {
  const t0 = nowMs - 4 * 60_000;
  const spans: SeedSpan[] = [{ service: 'batch', spanId: 'b000000000000000', name: 'nightly batch', startMs: t0, durationMs: BIG_TRACE_SPANS, kind: 1 }];
  for (let index = 1; index < BIG_TRACE_SPANS; index++) {
    spans.push({
      service: 'batch',
      spanId: `b${index.toString(16).padStart(15, '0')}`,
      parentSpanId: 'b000000000000000',
      name: `step-${String(index).padStart(5, '0')}`,
      startMs: t0 + index,
      durationMs: 1,
      kind: 1,
    });
  }
  return tracesRequest(BIG_TRACE_ID, spans);
}

export function logsRequest(nowMs: number): string {
  const t0 = nowMs - 5 * 60_000;
  const record = (offsetMs: number, severityNumber: number, severityText: string, body: string, traceId?: string, spanId?: string) => ({
    timeUnixNano: ns(t0 + offsetMs),
    severityNumber,
    severityText,
    body: { stringValue: body },
    ...(traceId === undefined ? {} : { traceId, spanId }),
    attributes: [text('order.id', '42')],
  });
  return JSON.stringify({
    resourceLogs: [
      {
        resource: resource('payments'),
        scopeLogs: [
          {
            logRecords: [
              record(60, 9, 'INFO', 'charging card for order 42', CHECKOUT_TRACE_ID, '1000000000000004'),
              record(100, 17, 'ERROR', DECLINED_LOG, CHECKOUT_TRACE_ID, '1000000000000004'),
              record(200, 13, 'WARN', 'retrying payment later'),
            ],
          },
        ],
      },
    ],
  });
}

/** Log lines of a chatty service, more than the logs view shows at once: its list must virtualise. */
export const BULK_LOG_LINES = 250;

export function bulkLogsRequest(nowMs: number): string {
  const t0 = nowMs - 6 * 60_000;
  const logRecords = Array.from({ length: BULK_LOG_LINES }, (_, index) => ({
    timeUnixNano: ns(t0 + index * 100),
    severityNumber: 5,
    severityText: 'DEBUG',
    body: { stringValue: `bulk line ${String(index).padStart(4, '0')}` },
  }));
  return JSON.stringify({ resourceLogs: [{ resource: resource('bulk'), scopeLogs: [{ logRecords }] }] });
}

/** A cumulative request counter per route (one point a minute for ten minutes) and a delta latency histogram. */
export function metricsRequest(nowMs: number): string {
  const start = nowMs - 11 * 60_000;
  const minutes = Array.from({ length: 10 }, (_, index) => start + (index + 1) * 60_000);
  const counter = (route: string, perMinute: number) =>
    minutes.map((time, index) => ({
      attributes: [text('http.route', route)],
      startTimeUnixNano: ns(start),
      timeUnixNano: ns(time),
      asInt: String((index + 1) * perMinute),
    }));
  return JSON.stringify({
    resourceMetrics: [
      {
        resource: resource('frontend'),
        scopeMetrics: [
          {
            scope: { name: 'prism-e2e' },
            metrics: [
              {
                name: 'http.server.requests',
                unit: '1',
                sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [...counter('/checkout', 120), ...counter('/cart', 60)] },
              },
              {
                name: 'http.server.duration',
                unit: 'ms',
                histogram: {
                  aggregationTemporality: 1,
                  dataPoints: minutes.map((time) => ({
                    startTimeUnixNano: ns(time - 60_000),
                    timeUnixNano: ns(time),
                    count: '100',
                    sum: 4200,
                    bucketCounts: ['10', '30', '50', '10'],
                    explicitBounds: [10, 50, 100],
                  })),
                },
              },
            ],
          },
        ],
      },
    ],
  });
}
