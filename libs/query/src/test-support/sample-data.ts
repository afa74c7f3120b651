import { counterBody, histogramBody, logsBody, tracesBody, type TestSpan } from './otlp-json-bodies';
import type { QueryFixture } from './query-fixture';

/** 2024-05-01T10:00:00Z, the start of a 5-minute segment window. */
export const T0 = 1_714_557_600_000_000_000n;
export const SECOND = 1_000_000_000n;
export const MINUTE = 60n * SECOND;
export const MS = 1_000_000n;

/** A trace of the payments batch; the checkout batch's trace ids straddle it so only Bloom filters can rule it out there. */
export const PAYMENTS_TRACE = '80000000000000000000000000000007';
const LOW_TRACE = '00000000000000000000000000000001';
const HIGH_TRACE = 'ffffffffffffffffffffffffffffffff';

function hex(value: number, digits: number): string {
  return value.toString(16).padStart(digits, '0');
}

/** Checkout: 20 spans in minute 0 of T0, durations 1..20 ms; GET for odd, POST for even, `retry` only on the first 5. */
export function checkoutSpans(): TestSpan[] {
  return Array.from({ length: 20 }, (_, index) => ({
    traceId: index === 0 ? LOW_TRACE : index === 1 ? HIGH_TRACE : '1' + hex(index, 31),
    spanId: hex(index + 1, 16),
    service: 'checkout',
    name: index % 2 === 0 ? 'GET /cart' : 'POST /cart',
    startNs: T0 + 10n * SECOND + BigInt(index) * SECOND,
    durationNs: BigInt(index + 1) * MS,
    attributes: { 'http.method': index % 2 === 0 ? 'GET' : 'POST', 'http.status_code': index === 19 ? 500 : 200, ...(index < 5 ? { retry: true } : {}) },
    ...(index === 19 ? { statusCode: 2 } : {}),
  }));
}

/** Payments: 10 spans in minute 1, durations 100..1000 ms, the first in PAYMENTS_TRACE. */
export function paymentsSpans(): TestSpan[] {
  return Array.from({ length: 10 }, (_, index) => ({
    traceId: index === 0 ? PAYMENTS_TRACE : '9' + hex(index, 31),
    spanId: hex(100 + index, 16),
    service: 'payments',
    name: 'charge',
    startNs: T0 + MINUTE + BigInt(index) * SECOND,
    durationNs: BigInt(index + 1) * 100n * MS,
    attributes: { 'http.method': 'POST' },
  }));
}

/** Search: 5 spans 20 minutes later (another segment), durations 5 ms. */
export function searchSpans(): TestSpan[] {
  return Array.from({ length: 5 }, (_, index) => ({
    traceId: 'a' + hex(index, 31),
    spanId: hex(200 + index, 16),
    service: 'search',
    name: 'query',
    startNs: T0 + 20n * MINUTE + BigInt(index) * SECOND,
    durationNs: 5n * MS,
  }));
}

/**
 * Tenant `acme`: spans in two commits of the T0 segment (checkout, payments) and one later
 * segment (search); logs; a counter; a histogram. Tenant `globex`: a few spans at T0.
 */
export async function loadSampleData(fixture: QueryFixture): Promise<void> {
  await fixture.ingest('acme', 'spans', tracesBody(checkoutSpans()));
  await fixture.ingest('acme', 'spans', tracesBody(paymentsSpans()));
  await fixture.ingest('acme', 'spans', tracesBody(searchSpans()));
  const severities = [...Array(5).fill(['INFO', 9]), ...Array(3).fill(['WARN', 13]), ...Array(2).fill(['ERROR', 17])] as Array<[string, number]>;
  await fixture.ingest(
    'acme',
    'logs',
    logsBody(
      severities.map(([text, number], index) => ({
        service: index % 2 === 0 ? 'checkout' : 'payments',
        timeNs: T0 + 30n * SECOND + BigInt(index) * SECOND,
        severityText: text,
        severityNumber: number,
        body: `${text.toLowerCase()} message ${index}`,
      })),
    ),
  );
  // A cumulative counter: +120 per minute, reset after 3 minutes (10), then +120 again.
  await fixture.ingest(
    'acme',
    'metrics',
    counterBody('checkout', 'http.requests', T0, [
      { timeNs: T0, value: 0 },
      { timeNs: T0 + MINUTE, value: 120 },
      { timeNs: T0 + 2n * MINUTE, value: 240 },
      { timeNs: T0 + 3n * MINUTE, value: 10 },
      { timeNs: T0 + 4n * MINUTE, value: 130 },
    ]),
  );
  await fixture.ingest(
    'acme',
    'metrics',
    histogramBody('checkout', 'http.latency', [{ timeNs: T0 + 30n * SECOND, bounds: [10, 50, 100], counts: [10, 30, 50, 10] }]),
  );
  await fixture.ingest(
    'globex',
    'spans',
    tracesBody([{ traceId: PAYMENTS_TRACE, spanId: hex(900, 16), service: 'globex-web', name: 'GET /', startNs: T0 + 15n * SECOND, durationNs: 7n * MS }]),
  );
}
