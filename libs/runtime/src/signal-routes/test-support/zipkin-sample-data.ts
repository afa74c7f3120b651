// Spans for the Zipkin API tests: one OTLP request and one Zipkin list, at known times.

/** 2024-05-01T10:00:00Z in epoch milliseconds. */
export const T0_MS = 1_714_557_600_000;
const T0_US = T0_MS * 1000;
const MS_US = 1000;

/** OTLP trace: frontend → payments (error) → postgres (uninstrumented, via peer.service). */
export const OTLP_TRACE = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
/** A 128-bit OTLP trace whose low 64 bits equal {@link LEGACY_TRACE}. */
export const WIDE_TRACE = 'ffffffffffffffffc0ffee0000000001';
/** A 64-bit Zipkin trace: frontend → backend (shared span, error). */
export const ZIPKIN_TRACE = '5af7183fb1d4cf5f';
/** A 64-bit Zipkin trace, the low half of {@link WIDE_TRACE}. */
export const LEGACY_TRACE = 'c0ffee0000000001';

type Attributes = Record<string, string | number>;

function attributes(values: Attributes): unknown[] {
  return Object.entries(values).map(([key, value]) => ({
    key,
    value: typeof value === 'string' ? { stringValue: value } : { intValue: String(value) },
  }));
}

interface OtlpSpanSpec {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startUs: number;
  durationUs: number;
  attributes?: Attributes;
  status?: { code: number; message?: string };
  events?: Array<{ name: string; atUs: number; attributes?: Attributes }>;
}

function otlpSpan(spec: OtlpSpanSpec): unknown {
  return {
    traceId: spec.traceId,
    spanId: spec.spanId,
    ...(spec.parentSpanId === undefined ? {} : { parentSpanId: spec.parentSpanId }),
    name: spec.name,
    kind: spec.kind,
    startTimeUnixNano: `${spec.startUs}000`,
    endTimeUnixNano: `${spec.startUs + spec.durationUs}000`,
    attributes: attributes(spec.attributes ?? {}),
    ...(spec.status === undefined ? {} : { status: spec.status }),
    events: (spec.events ?? []).map((event) => ({ name: event.name, timeUnixNano: `${event.atUs}000`, attributes: attributes(event.attributes ?? {}) })),
  };
}

function resourceSpans(service: string, spans: OtlpSpanSpec[], extra: Attributes = {}): unknown {
  return {
    resource: { attributes: attributes({ 'service.name': service, ...extra }) },
    scopeSpans: [{ scope: { name: 'zipkin-api-tests', version: '1.0.0' }, spans: spans.map(otlpSpan) }],
  };
}

const otlpStart = T0_US + 10_000 * MS_US;

/** The OTLP/JSON request: trace {@link OTLP_TRACE} at T0+10s and {@link WIDE_TRACE} at T0+30s. */
export const otlpRequest = {
  resourceSpans: [
    resourceSpans(
      'frontend',
      [
        {
          traceId: OTLP_TRACE,
          spanId: '1000000000000001',
          name: 'GET /checkout',
          kind: 2,
          startUs: otlpStart,
          durationUs: 50 * MS_US,
          attributes: { 'http.method': 'GET', 'http.status_code': 200 },
          events: [{ name: 'cache miss', atUs: otlpStart + 1 * MS_US }],
        },
        {
          traceId: OTLP_TRACE,
          spanId: '1000000000000002',
          parentSpanId: '1000000000000001',
          name: 'POST /charge',
          kind: 3,
          startUs: otlpStart + 5 * MS_US,
          durationUs: 30 * MS_US,
          attributes: { 'http.method': 'POST', 'peer.service': 'payments' },
        },
      ],
      { 'deployment.environment': 'prod' },
    ),
    resourceSpans('payments', [
      {
        traceId: OTLP_TRACE,
        spanId: '1000000000000003',
        parentSpanId: '1000000000000002',
        name: 'POST /charge',
        kind: 2,
        startUs: otlpStart + 6 * MS_US,
        durationUs: 25 * MS_US,
        attributes: { 'http.method': 'POST' },
        status: { code: 2, message: 'card declined' },
        events: [{ name: 'retry', atUs: otlpStart + 10 * MS_US, attributes: { attempt: 2 } }],
      },
      {
        traceId: OTLP_TRACE,
        spanId: '1000000000000004',
        parentSpanId: '1000000000000003',
        name: 'query',
        kind: 3,
        startUs: otlpStart + 12 * MS_US,
        durationUs: 5 * MS_US,
        attributes: { 'peer.service': 'postgres', 'db.system': 'postgresql' },
      },
    ]),
    resourceSpans('search', [
      { traceId: WIDE_TRACE, spanId: '3000000000000001', name: 'lookup', kind: 1, startUs: T0_US + 30_000 * MS_US, durationUs: 3 * MS_US },
    ]),
  ],
};

const zipkinStart = T0_US + 20_000 * MS_US;

/** The Zipkin v2 spans, earliest first: trace {@link ZIPKIN_TRACE} at T0+20s, {@link LEGACY_TRACE} at T0+40s. */
export const zipkinSpans = [
  {
    traceId: ZIPKIN_TRACE,
    id: '000000000000000a',
    kind: 'SERVER',
    name: 'get /',
    timestamp: zipkinStart,
    duration: 20 * MS_US,
    localEndpoint: { serviceName: 'frontend', ipv4: '10.0.0.1', port: 8080 },
  },
  {
    traceId: ZIPKIN_TRACE,
    parentId: '000000000000000a',
    id: '000000000000000b',
    kind: 'CLIENT',
    name: 'get /api',
    timestamp: zipkinStart + 2 * MS_US,
    duration: 10 * MS_US,
    localEndpoint: { serviceName: 'frontend', ipv4: '10.0.0.1' },
    remoteEndpoint: { serviceName: 'backend', ipv4: '10.0.0.2', port: 9000 },
  },
  {
    traceId: ZIPKIN_TRACE,
    parentId: '000000000000000a',
    id: '000000000000000b',
    kind: 'SERVER',
    name: 'get /api',
    timestamp: zipkinStart + 3 * MS_US,
    duration: 8 * MS_US,
    localEndpoint: { serviceName: 'backend', ipv6: '2001:db8::c001' },
    remoteEndpoint: { serviceName: 'frontend', ipv4: '10.0.0.1' },
    annotations: [{ timestamp: zipkinStart + 4 * MS_US, value: 'wr' }],
    tags: { 'http.method': 'GET', 'http.path': '/api', error: 'timeout' },
    shared: true,
  },
  {
    traceId: LEGACY_TRACE,
    id: '4000000000000001',
    name: 'tick',
    timestamp: T0_US + 40_000 * MS_US,
    duration: 1 * MS_US,
    localEndpoint: { serviceName: 'legacy' },
    debug: true,
  },
];

/** One span of another tenant, sharing {@link OTLP_TRACE}: never visible to `acme`. */
export const otherTenantRequest = {
  resourceSpans: [
    resourceSpans('intruder', [
      {
        traceId: OTLP_TRACE,
        spanId: '9000000000000001',
        name: 'GET /secret',
        kind: 2,
        startUs: otlpStart,
        durationUs: 90 * MS_US,
        attributes: { 'http.method': 'GET' },
      },
    ]),
  ],
};
