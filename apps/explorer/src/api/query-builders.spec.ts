import { describe, expect, it } from 'vitest';
import {
  annotationQueryOf,
  chartSeriesOf,
  CUSTOM_RANGE,
  FormError,
  logsQuery,
  metricChartQuery,
  metricOutputs,
  searchWindow,
  traceSearchParams,
} from './query-builders';

const baseForm = { service: '', operation: '', tags: '', minDurationMs: '', maxDurationMs: '', lookbackMs: 3_600_000, endTs: 1_700_000_000_000, limit: 20 };

describe('traceSearchParams', () => {
  it('turns the form into Zipkin parameters: durations in µs, window in ms, blanks left out', () => {
    const params = traceSearchParams({
      ...baseForm,
      service: ' checkout ',
      operation: 'GET /cart',
      tags: 'http.method = GET\nerror',
      minDurationMs: '1.5',
      maxDurationMs: '20',
    });
    expect(Object.fromEntries(params)).toEqual({
      serviceName: 'checkout',
      spanName: 'GET /cart',
      annotationQuery: 'http.method=GET and error',
      minDuration: '1500',
      maxDuration: '20000',
      endTs: '1700000000000',
      lookback: '3600000',
      limit: '20',
    });
    expect([...traceSearchParams(baseForm).keys()]).toEqual(['endTs', 'lookback', 'limit']);
  });

  it('refuses durations that are not numbers or out of order', () => {
    expect(() => traceSearchParams({ ...baseForm, minDurationMs: 'fast' })).toThrow(FormError);
    expect(() => traceSearchParams({ ...baseForm, minDurationMs: '10', maxDurationMs: '5' })).toThrow('Max duration must be at least the min duration');
  });

  it('joins tags written with and', () => {
    expect(annotationQueryOf('a=1 and b  and  c=x y')).toBe('a=1 and b and c=x y');
  });
});

describe('logsQuery', () => {
  it('filters by every field set, newest first', () => {
    expect(logsQuery({ severity: 'ERROR', service: 'cart', text: 'timeout', traceId: '', lookbackMs: 900_000, limit: 50 })).toEqual({
      signal: 'logs',
      timeRange: { last: '900s' },
      filters: [
        { column: 'severity', op: 'eq', value: 'ERROR' },
        { column: 'service', op: 'eq', value: 'cart' },
        { column: 'message', op: 'contains', value: 'timeout' },
      ],
      select: ['timestamp', 'service', 'severity', 'message', 'trace_id', 'span_id'],
      orderBy: [{ column: 'timestamp', direction: 'desc' }],
      limit: 50,
    });
  });

  it('looks a trace id up through trace hints (no time range) and refuses a malformed one', () => {
    const query = logsQuery({ severity: '', service: '', text: '', traceId: ' 5B8EFFF798038103D269B633813FC60D ', lookbackMs: 1, limit: 10 }) as Record<
      string,
      unknown
    >;
    expect(query['timeRange']).toBeUndefined();
    expect(query['filters']).toEqual([{ column: 'trace_id', op: 'eq', value: '5b8efff798038103d269b633813fc60d' }]);
    expect(() => logsQuery({ severity: '', service: '', text: '', traceId: 'abc', lookbackMs: 1, limit: 10 })).toThrow('32 hex digits');
  });
});

describe('metricChartQuery and chartSeriesOf', () => {
  it('charts counters as a rate, histograms as quantiles, gauges as a mean, bucketed and grouped', () => {
    const counter = metricChartQuery({ metric: 'http.requests', type: 'sum', groupBy: 'service', lookbackMs: 3_600_000, bucket: '1m' }) as Record<
      string,
      unknown
    >;
    expect(counter['groupBy']).toEqual([{ timeBucket: '1m', as: 'time' }, 'service']);
    expect(counter['aggregates']).toEqual([
      { fn: 'rate', column: 'value', as: 'rate' },
      { fn: 'rate', column: 'value#int64', as: 'rate_int' },
    ]);
    const histogram = metricChartQuery({ metric: 'latency', type: 'histogram', groupBy: '', lookbackMs: 60_000, bucket: '10s' }) as Record<string, unknown>;
    expect(histogram['aggregates']).toEqual([
      { fn: 'histogram_quantile', q: 0.5, as: 'p50' },
      { fn: 'histogram_quantile', q: 0.95, as: 'p95' },
      { fn: 'histogram_quantile', q: 0.99, as: 'p99' },
    ]);
    const gauge = metricChartQuery({ metric: 'cpu', type: 'gauge', groupBy: '', lookbackMs: 60_000, bucket: '10s' }) as Record<string, unknown>;
    expect(gauge['aggregates']).toEqual([
      { fn: 'avg', column: 'value', as: 'avg' },
      { fn: 'avg', column: 'value#int64', as: 'avg_int' },
    ]);
  });

  it('aligns rows into one series per group, seconds on x, the int or double variant, nulls where a group has no point', () => {
    const rows = [
      { time: '120000000000', service: 'a', rate: 2, rate_int: null },
      { time: '60000000000', service: 'a', rate: 1, rate_int: null },
      { time: '60000000000', service: 'b', rate: null, rate_int: 5 },
      { time: '120000000000', service: 'b', rate: null, rate_int: null },
    ];
    expect(chartSeriesOf(rows, 'service', metricOutputs('sum'))).toEqual({
      x: [60, 120],
      series: [
        { label: 'a rate', values: [1, 2] },
        { label: 'b rate', values: [5, null] },
      ],
    });
  });
});

describe('searchWindow', () => {
  it('ends a preset window now, and takes a custom window from its from and to', () => {
    expect(searchWindow({ lookbackMs: 3_600_000, from: '', to: '' }, 1_000_000_000)).toEqual({ endTs: 1_000_000_000, lookbackMs: 3_600_000 });
    const from = '2026-12-08T10:00:00';
    const to = '2026-12-08T10:30:00';
    expect(searchWindow({ lookbackMs: CUSTOM_RANGE, from, to }, 0)).toEqual({ endTs: new Date(to).getTime(), lookbackMs: 30 * 60_000 });
  });

  it('refuses a custom window that is empty, backwards or not a time', () => {
    expect(() => searchWindow({ lookbackMs: CUSTOM_RANGE, from: '', to: '2026-12-08T10:00:00' }, 0)).toThrow(FormError);
    expect(() => searchWindow({ lookbackMs: CUSTOM_RANGE, from: '2026-12-08T10:00:00', to: '2026-12-08T09:00:00' }, 0)).toThrow('"To" must be after "From"');
    expect(() => searchWindow({ lookbackMs: CUSTOM_RANGE, from: 'yesterday', to: '2026-12-08T09:00:00' }, 0)).toThrow('From must be a date and time');
  });
});
