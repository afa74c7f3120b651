import { ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, AggregationType, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { ContentType, decodeAndEventize, rowsOf, type RowValue } from '@prism/contract';
import { describe, expect, it } from 'vitest';
import { metricsSignal } from '../metrics-signal';

/** Metrics recorded through the real SDK and serialized as the OTLP exporter sends them. */
async function sdkMetricsBody(): Promise<Uint8Array> {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'checkout' }),
    readers: [reader],
    views: [
      { instrumentName: 'latency.exp', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } },
      { instrumentName: 'latency', aggregation: { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries: [10, 100] } } },
    ],
  });
  const meter = provider.getMeter('checkout.meter', '1.0.0');
  meter.createCounter('orders', { unit: '{order}', description: 'Orders placed' }).add(3, { region: 'eu' });
  meter.createUpDownCounter('queue.depth').add(-2);
  meter.createGauge('temperature').record(21.5, { room: 'a' });
  const latency = meter.createHistogram('latency', { unit: 'ms' });
  for (const value of [5, 50, 500, 7]) latency.record(value);
  const exponential = meter.createHistogram('latency.exp');
  for (const value of [1.5, 3, 3, 0]) exponential.record(value);
  await reader.forceFlush();
  const [resourceMetrics] = exporter.getMetrics();
  await provider.shutdown();
  return ProtobufMetricsSerializer.serializeRequest(resourceMetrics) as Uint8Array;
}

function rowsNamed(rows: Array<Record<string, RowValue>>, name: string, ...columns: string[]) {
  return rows
    .filter((row) => row['metric.name'] === name)
    .map((row) => Object.fromEntries(columns.filter((column) => column in row).map((column) => [column, row[column]])));
}

describe('metrics from the OpenTelemetry SDK', () => {
  it('decode from protobuf and eventize every instrument kind', async () => {
    const result = decodeAndEventize(metricsSignal.ingest, await sdkMetricsBody(), ContentType.protobuf, { tenantId: 't1', ingestTs: 5n });
    if (!result.ok) throw result.error;
    expect(result.value.rejected).toEqual([]);
    expect(result.value.acceptedRecords).toBe(5);
    const rows = rowsOf(result.value.batch);
    expect(rows.every((row) => row['resource.service.name'] === 'checkout' && row['scope.name'] === 'checkout.meter')).toBe(true);

    expect(rowsNamed(rows, 'orders', 'metric.type', 'metric.temporality', 'metric.monotonic', 'metric.unit', 'value', 'metric.attr.region')).toEqual([
      { 'metric.type': 'sum', 'metric.temporality': 'cumulative', 'metric.monotonic': true, 'metric.unit': '{order}', value: 3, 'metric.attr.region': 'eu' },
    ]);
    expect(rowsNamed(rows, 'queue.depth', 'metric.type', 'metric.monotonic', 'value')).toEqual([
      { 'metric.type': 'sum', 'metric.monotonic': false, value: -2 },
    ]);
    expect(rowsNamed(rows, 'temperature', 'metric.type', 'value', 'metric.attr.room')).toEqual([
      { 'metric.type': 'gauge', value: 21.5, 'metric.attr.room': 'a' },
    ]);

    expect(rowsNamed(rows, 'latency', 'metric.row', 'value', 'value#int64', 'bucket.lower', 'bucket.upper', 'bucket.count')).toEqual([
      { 'metric.row': 'count', 'value#int64': 4n },
      { 'metric.row': 'sum', value: 562 },
      { 'metric.row': 'min', value: 5 },
      { 'metric.row': 'max', value: 500 },
      { 'metric.row': 'bucket', 'bucket.lower': -Infinity, 'bucket.upper': 10, 'bucket.count': 2n },
      { 'metric.row': 'bucket', 'bucket.lower': 10, 'bucket.upper': 100, 'bucket.count': 1n },
      { 'metric.row': 'bucket', 'bucket.lower': 100, 'bucket.upper': Infinity, 'bucket.count': 1n },
    ]);

    const exponentialRows = rowsNamed(rows, 'latency.exp', 'metric.row', 'value#int64', 'bucket.lower', 'bucket.upper', 'bucket.count', 'metric.scale');
    expect(exponentialRows.slice(0, 4)).toEqual([
      expect.objectContaining({ 'metric.row': 'count', 'value#int64': 4n }),
      expect.objectContaining({ 'metric.row': 'sum' }),
      expect.objectContaining({ 'metric.row': 'min' }),
      expect.objectContaining({ 'metric.row': 'max' }),
    ]);
    expect(exponentialRows[4]).toMatchObject({ 'metric.row': 'zero_bucket', 'bucket.count': 1n });
    // Every recorded non-zero value lies in a bucket whose bounds the eventizer computed from the scale.
    const buckets = exponentialRows.filter((row) => row['metric.row'] === 'bucket' && (row['bucket.count'] as bigint) > 0n);
    for (const value of [1.5, 3]) {
      const holding = buckets.filter((row) => value > (row['bucket.lower'] as number) && value <= (row['bucket.upper'] as number));
      expect(holding).toHaveLength(1);
    }
    expect(buckets.reduce((total, row) => total + (row['bucket.count'] as bigint), 0n)).toBe(3n);
  });
});
