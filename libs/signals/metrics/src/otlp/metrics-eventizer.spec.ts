import { rowsOf, type RowValue } from '@prism/contract';
import type {
  ExponentialHistogramDataPoint,
  ExportMetricsServiceRequest,
  HistogramDataPoint,
  Metric,
  MetricData,
  NumberDataPoint,
  SummaryDataPoint,
} from '@prism/otlp';
import { describe, expect, it } from 'vitest';
import { eventizeMetrics } from './metrics-eventizer';

const context = { tenantId: 't1', ingestTs: 999n };
const header = { attributes: [{ key: 'host', value: { kind: 'string' as const, value: 'h1' } }], startTimeUnixNano: 10n, timeUnixNano: 20n, flags: 0 };

function numberPoint(overrides: Partial<NumberDataPoint> = {}): NumberDataPoint {
  return { ...header, value: { kind: 'double', value: 1.5 }, exemplars: [], ...overrides };
}

function histogramPoint(overrides: Partial<HistogramDataPoint> = {}): HistogramDataPoint {
  return { ...header, count: 6n, sum: 21, bucketCounts: [1n, 2n, 3n], explicitBounds: [0, 10], exemplars: [], min: -1, max: 12, ...overrides };
}

function exponentialPoint(overrides: Partial<ExponentialHistogramDataPoint> = {}): ExponentialHistogramDataPoint {
  return {
    ...header,
    count: 7n,
    sum: undefined,
    scale: 1,
    zeroCount: 1n,
    zeroThreshold: 0.001,
    positive: { offset: -1, bucketCounts: [2n, 3n] },
    negative: { offset: 0, bucketCounts: [1n] },
    exemplars: [],
    min: undefined,
    max: undefined,
    ...overrides,
  };
}

function summaryPoint(overrides: Partial<SummaryDataPoint> = {}): SummaryDataPoint {
  return {
    ...header,
    count: 4n,
    sum: 10,
    quantileValues: [
      { quantile: 0.5, value: 2 },
      { quantile: 1, value: 5 },
    ],
    ...overrides,
  };
}

function metric(data: MetricData | undefined, overrides: Partial<Metric> = {}): Metric {
  return { name: 'm', description: '', unit: '', metadata: [], data, ...overrides };
}

function request(...metrics: Metric[]): ExportMetricsServiceRequest {
  return {
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { kind: 'string', value: 'api' } }], droppedAttributesCount: 0 },
        schemaUrl: '',
        scopeMetrics: [{ scope: { name: 'meter', version: '1', attributes: [], droppedAttributesCount: 0 }, schemaUrl: '', metrics }],
      },
    ],
  };
}

/** Rows with only the given columns (absent ones left out), to keep expectations readable. */
function pick(rows: Array<Record<string, RowValue>>, ...columns: string[]) {
  return rows.map((row) => Object.fromEntries(columns.filter((column) => column in row).map((column) => [column, row[column]])));
}

function rowsFor(...metrics: Metric[]) {
  return rowsOf(eventizeMetrics(request(...metrics), context).batch);
}

describe('eventizeMetrics', () => {
  it('writes one row per gauge point with every shared column', () => {
    const rows = rowsFor(metric({ kind: 'gauge', dataPoints: [numberPoint()] }, { name: 'cpu', unit: '%', description: 'CPU use' }));
    expect(rows).toEqual([
      {
        tenant_id: 't1',
        dataset: 'metrics',
        signal_type: 'metric',
        'resource.service.name': 'api',
        'scope.name': 'meter',
        'scope.version': '1',
        'metric.name': 'cpu',
        'metric.unit': '%',
        'metric.description': 'CPU use',
        'metric.type': 'gauge',
        'metric.row': 'value',
        timestamp: 20n,
        start_timestamp: 10n,
        ingest_ts: 999n,
        flags: 0n,
        'metric.attr.host': 'h1',
        value: 1.5,
      },
    ]);
  });

  it('writes sums with temporality and monotonicity, int values in value#int64', () => {
    const rows = rowsFor(
      metric({ kind: 'sum', aggregationTemporality: 2, isMonotonic: true, dataPoints: [numberPoint({ value: { kind: 'int', value: 2n ** 62n } })] }),
      metric({ kind: 'sum', aggregationTemporality: 1, isMonotonic: false, dataPoints: [numberPoint()] }),
    );
    expect(pick(rows, 'metric.type', 'metric.temporality', 'metric.monotonic', 'value', 'value#int64')).toEqual([
      { 'metric.type': 'sum', 'metric.temporality': 'cumulative', 'metric.monotonic': true, 'value#int64': 2n ** 62n },
      { 'metric.type': 'sum', 'metric.temporality': 'delta', 'metric.monotonic': false, value: 1.5 },
    ]);
  });

  it('keeps a no-recorded-value point as a row without value, and rejects a valueless point without the flag', () => {
    const result = eventizeMetrics(
      request(metric({ kind: 'gauge', dataPoints: [numberPoint({ value: undefined, flags: 1 }), numberPoint({ value: undefined })] })),
      context,
    );
    expect(pick(rowsOf(result.batch), 'flags', 'value', 'metric.row')).toEqual([{ flags: 1n, 'metric.row': 'value' }]);
    expect(result.rejected).toEqual([
      {
        path: 'resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[1].value',
        message: 'no value set (and the no-recorded-value flag is not set)',
      },
    ]);
  });

  it('expands a histogram point into stat rows and buckets with open ends', () => {
    const rows = rowsFor(metric({ kind: 'histogram', aggregationTemporality: 2, dataPoints: [histogramPoint()] }));
    expect(pick(rows, 'metric.row', 'value', 'value#int64', 'bucket.lower', 'bucket.upper', 'bucket.count')).toEqual([
      { 'metric.row': 'count', 'value#int64': 6n },
      { 'metric.row': 'sum', value: 21 },
      { 'metric.row': 'min', value: -1 },
      { 'metric.row': 'max', value: 12 },
      { 'metric.row': 'bucket', 'bucket.lower': -Infinity, 'bucket.upper': 0, 'bucket.count': 1n },
      { 'metric.row': 'bucket', 'bucket.lower': 0, 'bucket.upper': 10, 'bucket.count': 2n },
      { 'metric.row': 'bucket', 'bucket.lower': 10, 'bucket.upper': Infinity, 'bucket.count': 3n },
    ]);
    expect(rows.every((row) => row['metric.attr.host'] === 'h1' && row['metric.temporality'] === 'cumulative')).toBe(true);
  });

  it('writes only a count row for a histogram without buckets, sum, min or max', () => {
    const rows = rowsFor(
      metric({
        kind: 'histogram',
        aggregationTemporality: 1,
        dataPoints: [histogramPoint({ bucketCounts: [], explicitBounds: [], sum: undefined, min: undefined, max: undefined })],
      }),
    );
    expect(pick(rows, 'metric.row', 'value#int64')).toEqual([{ 'metric.row': 'count', 'value#int64': 6n }]);
  });

  it.each<[string, Partial<HistogramDataPoint>, string, string]>([
    ['too few bucket counts', { bucketCounts: [1n, 2n] }, 'bucketCounts', 'expected 3 bucket counts (explicitBounds + 1), got 2'],
    ['bounds without counts', { bucketCounts: [] }, 'bucketCounts', 'expected 3 bucket counts (explicitBounds + 1), got 0'],
    ['decreasing bounds', { explicitBounds: [10, 0] }, 'explicitBounds[1]', 'explicit bounds must be strictly increasing numbers'],
    ['a NaN bound', { explicitBounds: [NaN, 1] }, 'explicitBounds[0]', 'explicit bounds must be strictly increasing numbers'],
  ])('rejects a histogram point with %s', (_, overrides, field, message) => {
    const result = eventizeMetrics(
      request(
        metric({ kind: 'gauge', dataPoints: [numberPoint()] }),
        metric({ kind: 'histogram', aggregationTemporality: 1, dataPoints: [histogramPoint(), histogramPoint(overrides)] }),
      ),
      context,
    );
    expect(result.rejected).toEqual([{ path: `resourceMetrics[0].scopeMetrics[0].metrics[1].histogram.dataPoints[1].${field}`, message }]);
    expect(result.acceptedRecords).toBe(2);
  });

  it('expands an exponential histogram into stats, the zero bucket and bounded buckets', () => {
    const rows = rowsFor(metric({ kind: 'exponentialHistogram', aggregationTemporality: 1, dataPoints: [exponentialPoint()] }));
    expect(pick(rows, 'metric.row', 'value#int64', 'bucket.index', 'bucket.lower', 'bucket.upper', 'bucket.count', 'metric.scale')).toEqual([
      { 'metric.row': 'count', 'value#int64': 7n, 'metric.scale': 1n },
      { 'metric.row': 'zero_bucket', 'bucket.lower': -0.001, 'bucket.upper': 0.001, 'bucket.count': 1n, 'metric.scale': 1n },
      { 'metric.row': 'bucket', 'bucket.index': 0n, 'bucket.lower': -Math.SQRT2, 'bucket.upper': -1, 'bucket.count': 1n, 'metric.scale': 1n },
      { 'metric.row': 'bucket', 'bucket.index': -1n, 'bucket.lower': Math.SQRT1_2, 'bucket.upper': 1, 'bucket.count': 2n, 'metric.scale': 1n },
      { 'metric.row': 'bucket', 'bucket.index': 0n, 'bucket.lower': 1, 'bucket.upper': Math.SQRT2, 'bucket.count': 3n, 'metric.scale': 1n },
    ]);
    expect(rows[0]['metric.type']).toBe('exponential_histogram');
  });

  it.each<[string, Partial<ExponentialHistogramDataPoint>, string, string]>([
    ['a scale above 20', { scale: 21 }, 'scale', 'scale must be an integer in [-10, 20], got 21'],
    ['a scale below -10', { scale: -11 }, 'scale', 'scale must be an integer in [-10, 20], got -11'],
    ['a negative zero threshold', { zeroThreshold: -1 }, 'zeroThreshold', 'zero threshold must be a non-negative number, got -1'],
  ])('rejects an exponential histogram point with %s', (_, overrides, field, message) => {
    const result = eventizeMetrics(
      request(metric({ kind: 'exponentialHistogram', aggregationTemporality: 1, dataPoints: [exponentialPoint(overrides)] })),
      context,
    );
    expect(result.rejected).toEqual([{ path: `resourceMetrics[0].scopeMetrics[0].metrics[0].exponentialHistogram.dataPoints[0].${field}`, message }]);
    expect(result.batch.numRows).toBe(0);
  });

  it('expands a summary into count, sum and quantile rows', () => {
    const rows = rowsFor(metric({ kind: 'summary', dataPoints: [summaryPoint()] }));
    expect(pick(rows, 'metric.row', 'value', 'value#int64', 'quantile', 'metric.temporality')).toEqual([
      { 'metric.row': 'count', 'value#int64': 4n },
      { 'metric.row': 'sum', value: 10 },
      { 'metric.row': 'quantile', quantile: 0.5, value: 2 },
      { 'metric.row': 'quantile', quantile: 1, value: 5 },
    ]);
  });

  it('rejects a summary quantile outside [0, 1]', () => {
    const result = eventizeMetrics(
      request(metric({ kind: 'summary', dataPoints: [summaryPoint({ quantileValues: [{ quantile: 1.5, value: 1 }] })] })),
      context,
    );
    expect(result.rejected).toEqual([
      {
        path: 'resourceMetrics[0].scopeMetrics[0].metrics[0].summary.dataPoints[0].quantileValues[0].quantile',
        message: 'quantile must be in [0, 1], got 1.5',
      },
    ]);
  });

  it('keeps exemplars with their trace and span ids as JSON on the first row of the point', () => {
    const traceId = Uint8Array.from({ length: 16 }, (_, i) => i);
    const spanId = Uint8Array.from({ length: 8 }, (_, i) => 0xf0 + i);
    const exemplars = [
      {
        filteredAttributes: [{ key: 'user', value: { kind: 'string' as const, value: 'u1' } }],
        timeUnixNano: 15n,
        value: { kind: 'double' as const, value: 0.25 },
        traceId,
        spanId,
      },
      { filteredAttributes: [], timeUnixNano: 16n, value: { kind: 'int' as const, value: 3n }, traceId: new Uint8Array(), spanId: new Uint8Array() },
    ];
    const rows = rowsFor(metric({ kind: 'histogram', aggregationTemporality: 1, dataPoints: [histogramPoint({ exemplars })] }));
    expect(JSON.parse(rows[0]['exemplars'] as string)).toEqual([
      { timestamp: '15', value: 0.25, trace_id: '000102030405060708090a0b0c0d0e0f', span_id: 'f0f1f2f3f4f5f6f7', attributes: { user: 'u1' } },
      { timestamp: '16', value: 3 },
    ]);
    expect(rows.slice(1).some((row) => 'exemplars' in row)).toBe(false);
  });

  it('rejects a point whose exemplar has a malformed id', () => {
    const exemplars = [{ filteredAttributes: [], timeUnixNano: 1n, value: undefined, traceId: new Uint8Array(3), spanId: new Uint8Array() }];
    const result = eventizeMetrics(
      request(metric({ kind: 'sum', aggregationTemporality: 1, isMonotonic: true, dataPoints: [numberPoint({ exemplars })] })),
      context,
    );
    expect(result.rejected).toEqual([
      { path: 'resourceMetrics[0].scopeMetrics[0].metrics[0].sum.dataPoints[0].exemplars[0].traceId', message: 'expected 16 bytes, got 3' },
    ]);
  });

  it('rejects a metric without data or name, and keeps the next one', () => {
    const result = eventizeMetrics(
      request(
        metric(undefined),
        metric({ kind: 'gauge', dataPoints: [numberPoint()] }, { name: '' }),
        metric({ kind: 'gauge', dataPoints: [numberPoint(), numberPoint()] }),
      ),
      { ...context, dataset: 'infra' },
    );
    expect(result.rejected.map((issue) => issue.path)).toEqual([
      'resourceMetrics[0].scopeMetrics[0].metrics[0]',
      'resourceMetrics[0].scopeMetrics[0].metrics[1].name',
    ]);
    expect(result.acceptedRecords).toBe(2);
    expect(pick(rowsOf(result.batch), 'dataset')).toEqual([{ dataset: 'infra' }, { dataset: 'infra' }]);
  });

  it('gives each point its own attributes', () => {
    const other = [{ key: 'host', value: { kind: 'int' as const, value: 7n } }];
    const rows = rowsFor(metric({ kind: 'gauge', dataPoints: [numberPoint(), numberPoint({ attributes: other }), numberPoint({ attributes: [] })] }));
    expect(pick(rows, 'metric.attr.host', 'metric.attr.host#int64')).toEqual([{ 'metric.attr.host': 'h1' }, { 'metric.attr.host#int64': 7n }, {}]);
  });
});
