import { ContentType } from '@prism/contract';
import type {
  Exemplar,
  ExponentialHistogramDataPoint,
  ExportMetricsServiceRequest,
  HistogramDataPoint,
  Metric,
  MetricData,
  NumberDataPoint,
  NumberValue,
  SummaryDataPoint,
} from '@prism/otlp';
import {
  attributesArbitrary,
  encodeMetricsRequestProtobuf,
  idArbitrary,
  noFields,
  protobufTag,
  resourceArbitrary,
  scopeArbitrary,
  textArbitrary,
  unknownFields,
} from '@prism/otlp/testing';
import fc from 'fast-check';
import { Writer } from 'protobufjs/minimal';
import { describe, expect, it, vi } from 'vitest';
import { context, directAgainstModel, ingestAgainstModel } from '../test-support/metrics-direct-equivalence';
import { eventizeMetricsDirect } from './eventize-metrics-direct';

// Hundreds of generated requests per property: a busy CI machine can take longer than the 5 s default.
vi.setConfig({ testTimeout: 60_000 });

const runs = (fallback: number) => ({
  numRuns: Number(process.env['PRISM_FUZZ_RUNS'] ?? fallback),
  seed: Number(process.env['PRISM_FUZZ_SEED'] ?? 20261208),
});

/** Generators of valid points, or (with `invalid`) points the model path may reject. */
function arbitraries(invalid: boolean) {
  const time = fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }));
  const count = fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }));
  const flags = fc.oneof(fc.constant(0), fc.constant(1), fc.integer({ min: 0, max: 2 ** 32 - 1 }));
  const double = fc.double();
  const numberValue: fc.Arbitrary<NumberValue> = fc.oneof(
    fc.record({ kind: fc.constant('double' as const), value: double }),
    fc.record({ kind: fc.constant('int' as const), value: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }) }),
  );
  const optionalId = (length: number) =>
    invalid
      ? fc.oneof(fc.constant(new Uint8Array(0)), idArbitrary(length), fc.uint8Array({ maxLength: 20 }))
      : fc.oneof(fc.constant(new Uint8Array(0)), fc.constant(new Uint8Array(length)), idArbitrary(length));
  const exemplar: fc.Arbitrary<Exemplar> = fc.record({
    filteredAttributes: attributesArbitrary,
    timeUnixNano: time,
    value: fc.option(numberValue, { nil: undefined }),
    spanId: optionalId(8),
    traceId: optionalId(16),
  });
  const exemplars = fc.oneof({ weight: 3, arbitrary: fc.constant<Exemplar[]>([]) }, { weight: 1, arbitrary: fc.array(exemplar, { maxLength: 2 }) });
  const header = { attributes: attributesArbitrary, startTimeUnixNano: time, timeUnixNano: time, flags };
  const numberPoint: fc.Arbitrary<NumberDataPoint> = fc
    .record({ ...header, value: fc.option(numberValue, { nil: undefined }), exemplars })
    // Without a value a point must carry the no-recorded-value flag (bit 0) to be valid.
    .map((point) => (invalid || point.value !== undefined ? point : { ...point, flags: point.flags | 1 }));
  const optionalDouble = fc.option(double, { nil: undefined });
  const increasing = fc
    .uniqueArray(fc.double({ noNaN: true }), { maxLength: 6 })
    .map((bounds) => bounds.sort((a, b) => a - b).filter((b, i, all) => i === 0 || b > all[i - 1]));
  const histogramPoint: fc.Arbitrary<HistogramDataPoint> = fc
    .record({
      ...header,
      count,
      sum: optionalDouble,
      explicitBounds: invalid ? fc.array(double, { maxLength: 4 }) : increasing,
      bucketCounts: fc.array(count, { maxLength: 8 }),
      exemplars,
      min: optionalDouble,
      max: optionalDouble,
    })
    .map((point) => {
      if (invalid) return point;
      // Valid: no buckets at all, or one more count than bounds.
      const counts =
        point.explicitBounds.length === 0 && point.bucketCounts.length === 0
          ? []
          : point.explicitBounds.map((_, i) => point.bucketCounts[i] ?? 0n).concat([5n]);
      return { ...point, bucketCounts: counts };
    });
  const buckets = fc.option(
    fc.record({ offset: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map((o) => o % 5000), bucketCounts: fc.array(count, { maxLength: 5 }) }),
    {
      nil: undefined,
    },
  );
  const exponentialPoint: fc.Arbitrary<ExponentialHistogramDataPoint> = fc.record({
    ...header,
    count,
    sum: optionalDouble,
    scale: invalid ? fc.integer({ min: -15, max: 25 }) : fc.integer({ min: -10, max: 20 }),
    zeroCount: count,
    positive: buckets,
    negative: buckets,
    exemplars,
    min: optionalDouble,
    max: optionalDouble,
    zeroThreshold: invalid ? double : fc.double({ min: 0, noNaN: true }),
  });
  const summaryPoint: fc.Arbitrary<SummaryDataPoint> = fc.record({
    ...header,
    count,
    sum: double,
    quantileValues: fc.array(fc.record({ quantile: invalid ? double : fc.double({ min: 0, max: 1, noNaN: true }), value: double }), { maxLength: 4 }),
  });
  const points = <T>(point: fc.Arbitrary<T>) => fc.array(point, { maxLength: 3 });
  const temporality = fc.oneof(fc.integer({ min: 0, max: 2 }), fc.integer({ min: -5, max: 9 }));
  const data: fc.Arbitrary<MetricData> = fc.oneof(
    fc.record({ kind: fc.constant('gauge' as const), dataPoints: points(numberPoint) }),
    fc.record({ kind: fc.constant('sum' as const), dataPoints: points(numberPoint), aggregationTemporality: temporality, isMonotonic: fc.boolean() }),
    fc.record({ kind: fc.constant('histogram' as const), dataPoints: points(histogramPoint), aggregationTemporality: temporality }),
    fc.record({ kind: fc.constant('exponentialHistogram' as const), dataPoints: points(exponentialPoint), aggregationTemporality: temporality }),
    fc.record({ kind: fc.constant('summary' as const), dataPoints: points(summaryPoint) }),
  );
  const metric: fc.Arbitrary<Metric> = fc.record({
    name: invalid ? fc.oneof(fc.constant(''), textArbitrary) : textArbitrary.filter((name) => name !== ''),
    description: fc.oneof(fc.constant(''), textArbitrary),
    unit: fc.oneof(fc.constant(''), textArbitrary),
    metadata: attributesArbitrary,
    data: invalid ? fc.option(data, { nil: undefined }) : data,
  });
  const request: fc.Arbitrary<ExportMetricsServiceRequest> = fc.record({
    resourceMetrics: fc.array(
      fc.record({
        resource: resourceArbitrary,
        scopeMetrics: fc.array(fc.record({ scope: scopeArbitrary, metrics: fc.array(metric, { maxLength: 3 }), schemaUrl: textArbitrary }), { maxLength: 2 }),
        schemaUrl: textArbitrary,
      }),
      { maxLength: 2 },
    ),
  });
  return request;
}

describe('eventizeMetricsDirect on generated requests', () => {
  it('writes exactly the rows of decode + eventize for every kind of data, and accepts every valid request', () => {
    fc.assert(
      fc.property(arbitraries(false), (generated) => {
        expect(directAgainstModel(encodeMetricsRequestProtobuf(generated))).toBeDefined();
      }),
      runs(300),
    );
  });

  it('rejects invalid metrics and points exactly as decode + eventize does, keeping the others', () => {
    fc.assert(
      fc.property(arbitraries(true), (generated) => {
        ingestAgainstModel(encodeMetricsRequestProtobuf(generated));
      }),
      runs(300),
    );
  });
});

const tag = protobufTag;

/** One histogram data point with two buckets, its lists packed or unpacked, then `extra` fields. */
function histogramPointBytes(packed: boolean, extra: (writer: Writer) => void): Uint8Array {
  const writer = Writer.create();
  writer.uint32(tag(9, 2)).fork().uint32(tag(1, 2)).string('host').uint32(tag(2, 2)).fork().uint32(tag(1, 2)).string('h1').ldelim().ldelim();
  writer.uint32(tag(2, 1)).fixed64('1700000000000000000');
  writer.uint32(tag(3, 1)).fixed64('1700000000000000005');
  writer.uint32(tag(4, 1)).fixed64(3);
  writer.uint32(tag(5, 1)).double(12.5);
  if (packed) {
    writer.uint32(tag(6, 2)).fork().fixed64(1).fixed64(2).ldelim();
    writer.uint32(tag(7, 2)).fork().double(10).ldelim();
  } else {
    writer.uint32(tag(6, 1)).fixed64(1);
    writer.uint32(tag(7, 1)).double(10);
    writer.uint32(tag(6, 1)).fixed64(2);
  }
  writer.uint32(tag(11, 1)).double(0.5);
  extra(writer);
  return writer.finish();
}

/** An exponential histogram point whose positive bucket counts are packed or not. */
function exponentialPointBytes(packed: boolean): Uint8Array {
  const writer = Writer.create();
  writer.uint32(tag(3, 1)).fixed64('1700000000000000005');
  writer.uint32(tag(4, 1)).fixed64(300);
  writer.uint32(tag(6, 0)).sint32(-2);
  writer.uint32(tag(7, 1)).fixed64(1);
  writer.uint32(tag(8, 2)).fork().uint32(tag(1, 0)).sint32(-3);
  if (packed) writer.uint32(tag(2, 2)).fork().uint64(1).uint64(200).uint64('18446744073709551615').ldelim();
  else writer.uint32(tag(2, 0)).uint64(1).uint32(tag(2, 0)).uint64(200).uint32(tag(2, 0)).uint64('18446744073709551615');
  writer.ldelim();
  writer.uint32(tag(14, 1)).double(0.001);
  return writer.finish();
}

/** A request of one resource and scope holding one metric with `dataField` (5 gauge … 11 summary) around the point bytes. */
function metricRequest(dataField: number, pointBytes: Uint8Array[], extra: (writer: Writer) => void = noFields): Uint8Array {
  const writer = Writer.create();
  writer.uint32(tag(1, 2)).fork();
  writer
    .uint32(tag(1, 2))
    .fork()
    .uint32(tag(1, 2))
    .fork()
    .uint32(tag(1, 2))
    .string('service.name')
    .uint32(tag(2, 2))
    .fork()
    .uint32(tag(1, 2))
    .string('api')
    .ldelim()
    .ldelim();
  extra(writer);
  writer.ldelim();
  writer.uint32(tag(2, 2)).fork();
  writer.uint32(tag(1, 2)).fork().uint32(tag(1, 2)).string('meter');
  extra(writer);
  writer.ldelim();
  writer.uint32(tag(2, 2)).fork();
  writer.uint32(tag(1, 2)).string('latency').uint32(tag(3, 2)).string('ms');
  writer.uint32(tag(dataField, 2)).fork();
  for (const bytes of pointBytes) writer.uint32(tag(1, 2)).bytes(bytes);
  if (dataField !== 5 && dataField !== 11) writer.uint32(tag(2, 0)).int32(2);
  extra(writer);
  writer.ldelim();
  extra(writer);
  writer.ldelim();
  extra(writer);
  writer.ldelim();
  extra(writer);
  writer.ldelim();
  extra(writer);
  return writer.finish();
}

describe('eventizeMetricsDirect on hand-written encodings', () => {
  it('reads packed and unpacked repeated fields alike', () => {
    const packed = directAgainstModel(metricRequest(9, [histogramPointBytes(true, noFields)]));
    const unpacked = directAgainstModel(metricRequest(9, [histogramPointBytes(false, noFields)]));
    expect(packed?.acceptedRecords).toBe(1);
    expect(unpacked?.batch.numRows).toBe(packed?.batch.numRows);
    expect(directAgainstModel(metricRequest(10, [exponentialPointBytes(true)]))?.acceptedRecords).toBe(1);
    expect(directAgainstModel(metricRequest(10, [exponentialPointBytes(false)]))?.acceptedRecords).toBe(1);
  });

  it('skips unknown fields of every wire type at every level, and the removed fields of Metric and data points', () => {
    const pointExtra = (writer: Writer) => {
      unknownFields(writer);
      writer.uint32(tag(1, 2)).string('deprecated labels');
    };
    const metricExtra = (writer: Writer) => {
      unknownFields(writer);
      writer.uint32(tag(4, 2)).fork().ldelim();
    };
    expect(directAgainstModel(metricRequest(9, [histogramPointBytes(true, pointExtra)], unknownFields))?.acceptedRecords).toBe(1);
    const body = metricRequest(9, [histogramPointBytes(true, noFields)], (writer) => writer.uint32(tag(103, 2)).string('x'));
    expect(directAgainstModel(body)?.acceptedRecords).toBe(1);
    // Removed fields inside a Metric message itself.
    const withRemoved = Writer.create();
    withRemoved.uint32(tag(1, 2)).fork().uint32(tag(2, 2)).fork().uint32(tag(2, 2)).fork();
    withRemoved.uint32(tag(1, 2)).string('m');
    metricExtra(withRemoved);
    withRemoved.uint32(tag(5, 2)).fork().uint32(tag(1, 2)).fork().uint32(tag(4, 1)).double(1).ldelim().ldelim();
    withRemoved.ldelim().ldelim().ldelim();
    expect(directAgainstModel(withRemoved.finish())?.acceptedRecords).toBe(1);
  });

  it('declines what it cannot read like the model path, which then reports it', () => {
    const oddPacked = Writer.create().uint32(tag(6, 2)).fork().fixed32(1).ldelim().finish();
    const bothValues = Writer.create().uint32(tag(4, 1)).double(1).uint32(tag(6, 1)).sfixed64(2).finish();
    const wrongWireType = Writer.create().uint32(tag(8, 2)).string('flags').finish();
    const badBounds = histogramPointBytes(true, (writer) => writer.uint32(tag(7, 2)).fork().double(5).double(1).ldelim());
    const cases = [
      metricRequest(9, [histogramPointBytes(true, noFields), oddPacked]),
      metricRequest(5, [bothValues]),
      metricRequest(5, [wrongWireType]),
      metricRequest(9, [badBounds]),
      metricRequest(5, [Writer.create().uint32(tag(3, 1)).fixed64(1).finish()]), // no value, no flag
    ];
    for (const body of cases) {
      expect(eventizeMetricsDirect(body, ContentType.protobuf, context)).toBeUndefined();
      ingestAgainstModel(body);
    }
  });

  it('leaves JSON bodies to decode + eventize', () => {
    expect(eventizeMetricsDirect(new TextEncoder().encode('{"resourceMetrics":[]}'), ContentType.json, context)).toBeUndefined();
  });
});

describe('eventizeMetricsDirect on damaged bodies', () => {
  const valid = metricRequest(9, [histogramPointBytes(true, noFields), histogramPointBytes(false, unknownFields)]);

  it('declines or agrees with decode + eventize for every truncation, never throwing', () => {
    for (let length = 0; length < valid.length; length++) {
      directAgainstModel(valid.subarray(0, length));
      ingestAgainstModel(valid.subarray(0, length));
    }
  });

  it('declines or agrees with decode + eventize when bytes are changed', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ at: fc.nat({ max: valid.length - 1 }), byte: fc.nat({ max: 255 }) }), { minLength: 1, maxLength: 3 }), (edits) => {
        const body = valid.slice();
        for (const { at, byte } of edits) body[at] = byte;
        directAgainstModel(body);
        ingestAgainstModel(body);
      }),
      runs(500),
    );
  });
});
