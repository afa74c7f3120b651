import { createLogger, createRouter, type RequestContext } from '@prism/server';
import { HttpError } from '@prism/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryBudgetExceededError } from '../errors';
import { QueryFixture } from '../test-support/query-fixture';
import { T0, loadSampleData } from '../test-support/sample-data';
import { queryRoutes, runDslQuery } from './query-routes';

let fixture: QueryFixture;
const FROM = '2024-05-01T10:00:00Z';
const TO = '2024-05-01T10:30:00Z';
const NOW_MS = Number(T0 / 1_000_000n) + 30 * 60_000;

beforeAll(async () => {
  fixture = await QueryFixture.open();
  await loadSampleData(fixture);
}, 60_000);

afterAll(async () => {
  await fixture?.close();
});

function run(body: Record<string, unknown>, tenantId = 'acme') {
  return runDslQuery(fixture.engine(), { timeRange: { from: FROM, to: TO }, ...body }, tenantId, NOW_MS);
}

describe('the four example queries', () => {
  it('p95 span duration by service per minute', async () => {
    const response = await run({
      signal: 'spans',
      groupBy: ['service', { timeBucket: '1m', as: 'minute' }],
      aggregates: [{ fn: 'percentile', column: 'duration', q: 0.95, as: 'p95_ns' }],
      orderBy: ['service', 'minute'],
      explain: true,
    });
    expect(response.columns).toEqual(['service', 'minute', 'p95_ns']);
    expect(response.rows.map((row) => [row['service'], row['minute']])).toEqual([
      ['checkout', String(T0)],
      ['payments', String(T0 + 60_000_000_000n)],
      ['search', String(T0 + 20n * 60_000_000_000n)],
    ]);
    const [checkout, payments, search] = response.rows.map((row) => row['p95_ns'] as number);
    // Durations 1..20 ms, 100..1000 ms and 5 ms: t-digest percentiles are approximate.
    expect(checkout).toBeGreaterThanOrEqual(18_000_000);
    expect(checkout).toBeLessThanOrEqual(20_000_000);
    expect(payments).toBeGreaterThanOrEqual(900_000_000);
    expect(payments).toBeLessThanOrEqual(1_000_000_000);
    expect(search).toBe(5_000_000);
    expect(response.explain?.tenantId).toBe('acme');
  });

  it('log counts by severity', async () => {
    const response = await run({ signal: 'logs', groupBy: ['severity'], aggregates: [{ fn: 'count' }], orderBy: [{ column: 'count', direction: 'desc' }] });
    expect(response).toEqual({
      columns: ['severity', 'count'],
      rows: [
        { severity: 'INFO', count: 5 },
        { severity: 'WARN', count: 3 },
        { severity: 'ERROR', count: 2 },
      ],
    });
  });

  it('the rate of a monotonic counter, across a reset', async () => {
    const perMinute = await run({
      signal: 'metrics',
      filters: [{ column: 'metric', op: 'eq', value: 'http.requests' }],
      groupBy: [{ timeBucket: '2m', as: 'window' }],
      aggregates: [{ fn: 'rate', column: 'value', as: 'per_second' }],
    });
    // Buckets [0,2m): 0 → 120 over 60 s; [2m,4m): 240 → 10 (reset) over 60 s; [4m,6m): one point, no rate.
    expect(perMinute.rows).toEqual([
      { window: String(T0), per_second: 2 },
      { window: String(T0 + 120_000_000_000n), per_second: 10 / 60 },
      { window: String(T0 + 240_000_000_000n), per_second: null },
    ]);
    const overall = await run({
      signal: 'metrics',
      filters: [{ column: 'metric', op: 'eq', value: 'http.requests' }],
      aggregates: [{ fn: 'rate', column: 'value' }],
    });
    // 120 + 120 + 10 (reset) + 120 over 240 s.
    expect(overall.rows).toEqual([{ 'rate(value)': 370 / 240 }]);
  });

  it('histogram quantiles estimated from bucket rows', async () => {
    const response = await run({
      signal: 'metrics',
      filters: [{ column: 'metric', op: 'eq', value: 'http.latency' }],
      aggregates: [
        { fn: 'histogram_quantile', q: 0.5, as: 'p50' },
        { fn: 'histogram_quantile', q: 0.05, as: 'p5' },
        { fn: 'histogram_quantile', q: 0.95, as: 'p95' },
      ],
    });
    // Buckets (-inf,10]=10 (10,50]=30 (50,100]=50 (100,+inf)=10: p50 falls 10/50 into (50,100].
    expect(response.rows).toEqual([{ p50: 60, p5: 5, p95: 100 }]);
  });
});

describe('filter operators', () => {
  const count = async (filter: Record<string, unknown>) => {
    const response = await run({ signal: 'spans', filters: [filter], aggregates: [{ fn: 'count' }] });
    return response.rows[0]['count'];
  };

  it.each([
    [{ column: 'span.attr.http.method', op: 'eq', value: 'GET' }, 10],
    [{ column: 'span.attr.http.method', op: 'ne', value: 'GET' }, 20],
    [{ column: 'service', op: 'in', value: ['payments', 'search'] }, 15],
    [{ column: 'duration', op: 'lt', value: 5_000_000 }, 4],
    [{ column: 'duration', op: 'lte', value: '5000000' }, 10],
    [{ column: 'duration', op: 'gt', value: 900_000_000 }, 1],
    [{ column: 'duration', op: 'gte', value: 900_000_000 }, 2],
    [{ column: 'name', op: 'contains', value: '/cart' }, 20],
    [{ column: 'operation', op: 'regex', value: '^(GET|query)' }, 15],
    [{ column: 'span.attr.retry', op: 'exists' }, 5],
    [{ column: 'span.attr.retry', op: 'exists', value: false }, 30],
    [{ column: 'span.attr.http.status_code', op: 'eq', value: 500 }, 1],
    [{ column: 'span.attr.no.such.attribute', op: 'eq', value: 'x' }, 0],
    [{ column: 'status', op: 'eq', value: 2 }, 1],
  ])('%j matches %i spans', async (filter, expected) => {
    expect(await count(filter)).toBe(expected);
  });
});

describe('aggregates', () => {
  it('count, sum, avg, min, max, percentile and count_distinct per group', async () => {
    const response = await run({
      signal: 'spans',
      filters: [{ column: 'service', op: 'eq', value: 'checkout' }],
      groupBy: ['span.attr.http.method'],
      aggregates: [
        { fn: 'count' },
        { fn: 'sum', column: 'duration' },
        { fn: 'avg', column: 'duration' },
        { fn: 'min', column: 'duration' },
        { fn: 'max', column: 'name' },
        { fn: 'percentile', column: 'duration', q: 0.5 },
        { fn: 'count_distinct', column: 'traceId' },
        { fn: 'count_distinct', column: 'operation', as: 'operations' },
      ],
    });
    expect(response.columns).toEqual([
      'span.attr.http.method',
      'count',
      'sum(duration)',
      'avg(duration)',
      'min(duration)',
      'max(name)',
      'p50(duration)',
      'count_distinct(traceId)',
      'operations',
    ]);
    const [get, post] = response.rows;
    // GET: durations 1,3,…,19 ms; POST: 2,4,…,20 ms.
    expect(get).toMatchObject({
      'span.attr.http.method': 'GET',
      count: 10,
      'sum(duration)': 100_000_000,
      'avg(duration)': 10_000_000,
      'min(duration)': '1000000',
      'max(name)': 'GET /cart',
      'count_distinct(traceId)': 10,
      operations: 1,
    });
    expect(post).toMatchObject({
      'span.attr.http.method': 'POST',
      count: 10,
      'sum(duration)': 110_000_000,
      'min(duration)': '2000000',
      'max(name)': 'POST /cart',
    });
    expect(get['p50(duration)'] as number).toBeGreaterThanOrEqual(9_000_000);
    expect(get['p50(duration)'] as number).toBeLessThanOrEqual(11_000_000);
  });

  it('row queries project, order and limit (top-k), aliases and missing columns included', async () => {
    const response = await run({
      signal: 'spans',
      select: ['service', 'duration', 'span.attr.retry'],
      orderBy: [{ column: 'duration', direction: 'desc' }],
      limit: 3,
    });
    expect(response).toEqual({
      columns: ['service', 'duration', 'span.attr.retry'],
      rows: [
        { service: 'payments', duration: '1000000000', 'span.attr.retry': null },
        { service: 'payments', duration: '900000000', 'span.attr.retry': null },
        { service: 'payments', duration: '800000000', 'span.attr.retry': null },
      ],
    });
  });
});

describe('validation and budgets', () => {
  it.each([
    [
      {
        signal: 'spans',
        filters: [
          { column: 'service', op: 'eq', value: 'a' },
          { column: 'service', op: 'eq', value: 'b' },
          { column: 'name', op: 'like', value: 'x' },
        ],
      },
      '/filters/2/op: unknown operator "like"',
    ],
    [{ signal: 'traces' }, '/signal: unknown signal "traces"'],
    [{ signal: 'spans', filters: [{ column: 'colour', op: 'eq', value: 'red' }] }, '/filters/0/column: unknown column "colour"'],
    [{ signal: 'spans', filters: [{ column: 'duration', op: 'gt', value: 'slow' }] }, '/filters/0/value: column "duration" holds int64 values'],
    [{ signal: 'spans', filters: [{ column: 'name', op: 'regex', value: '(' }] }, '/filters/0/value: invalid regex'],
    [{ signal: 'spans', aggregates: [{ fn: 'percentile', column: 'duration', q: 95 }] }, '/aggregates/0/q: percentile needs a quantile'],
    [{ signal: 'spans', aggregates: [{ fn: 'median', column: 'duration' }] }, '/aggregates/0/fn: unknown aggregate "median"'],
    [{ signal: 'spans', aggregates: [{ fn: 'sum', column: 'name' }] }, '/aggregates/0/column: sum needs a numeric column'],
    [{ signal: 'logs', aggregates: [{ fn: 'histogram_quantile', q: 0.5 }] }, '/aggregates/0/fn: histogram_quantile needs histogram bucket rows'],
    [{ signal: 'spans', groupBy: [{ timeBucket: '1 minute' }], aggregates: [{ fn: 'count' }] }, '/groupBy/0/timeBucket: expected a duration'],
    [{ signal: 'spans', aggregates: [{ fn: 'count' }], orderBy: ['duration'] }, '/orderBy/0/column: "duration" is not an output column'],
    [{ signal: 'spans', limit: 0 }, '/limit: expected an integer from 1 to 10000'],
    [{ signal: 'spans', tenant: 'globex' }, '/tenant: unknown field'],
    [{ signal: 'spans', timeRange: { from: 'yesterday' } }, '/timeRange/from: expected an ISO 8601 time'],
  ])('%j → %s', async (body, message) => {
    await expect(runDslQuery(fixture.engine(), body, 'acme', NOW_MS)).rejects.toThrow(message);
  });

  it('stops a query past its memory budget', async () => {
    const engine = fixture.engine({ budget: { timeoutMs: 60_000, maxMemoryBytes: 1024 } });
    await expect(engine.execute({ signal: 'spans', select: ['service'] }, { tenantId: 'acme' })).rejects.toBeInstanceOf(QueryBudgetExceededError);
  });

  it('stops a query past its time budget', async () => {
    let now = 0;
    const engine = fixture.engine({ clock: () => (now += 1000), budget: { timeoutMs: 2500, maxMemoryBytes: 1 << 30 } });
    await expect(engine.execute({ signal: 'spans', aggregates: [{ fn: 'count' }] }, { tenantId: 'acme' })).rejects.toThrow('time budget of 2500 ms');
  });
});

describe('POST /api/v1/query', () => {
  const logger = createLogger({ level: 'error', write: () => undefined });
  const context: RequestContext = { logger, requestId: 'test' };
  const router = () =>
    createRouter(
      queryRoutes({
        engine: fixture.engine({ budget: { timeoutMs: 60_000, maxMemoryBytes: 64 * 1024 * 1024 } }),
        authenticate: (request) => {
          const key = request.headers['authorization'];
          if (key === 'Bearer globex-key') return { tenantId: 'globex' };
          throw new HttpError(401, 'unauthorized', 'missing or unknown API key');
        },
        clock: () => NOW_MS,
      }),
    );
  const post = (body: string, authorization = 'Bearer globex-key') =>
    router().dispatch(
      { method: 'POST', path: '/api/v1/query', query: new URLSearchParams(), headers: { authorization }, body: new TextEncoder().encode(body) },
      context,
    );

  it('answers with the tenant of the authenticated key', async () => {
    const response = await post(JSON.stringify({ signal: 'spans', timeRange: { last: '30m' }, groupBy: ['service'], aggregates: [{ fn: 'count' }] }));
    expect(response.status).toBe(200);
    expect(JSON.parse(String(response.body))).toEqual({ columns: ['service', 'count'], rows: [{ service: 'globex-web', count: 1 }] });
  });

  it('answers 400 with the path of the offending part', async () => {
    const response = await post(JSON.stringify({ signal: 'spans', filters: [{ column: 'name', op: 'like', value: 'x' }] }));
    expect(response.status).toBe(400);
    expect(JSON.parse(String(response.body)).error).toMatchObject({ code: 'invalid_query', path: '/filters/0/op' });
    expect((await post('{not json')).status).toBe(400);
  });

  it('answers 401 without a key', async () => {
    expect((await post('{}', 'nope')).status).toBe(401);
  });
});
