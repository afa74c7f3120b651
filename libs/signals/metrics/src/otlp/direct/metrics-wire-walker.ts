import { RowStamp, type EventizeContext, type RowBatchBuilder } from '@prism/contract';
import {
  DeclineDirect,
  WireType,
  fieldMask,
  readNestedKeyValue,
  skipUndefinedField,
  walkScopedRecords,
  type Exemplar,
  type ExponentialHistogramBuckets,
  type ExponentialHistogramDataPoint,
  type HistogramDataPoint,
  type KeyValue,
  type MetricData,
  type NumberDataPoint,
  type NumberValue,
  type SharedCells,
  type SummaryDataPoint,
  type ValueAtQuantile,
  type WireReader,
} from '@prism/otlp';
import { DEFAULT_METRICS_DATASET, METRIC_SIGNAL_TYPE } from '../../common/metric-columns';
import { metricCells, pointHandlers, type PointHandler } from '../metrics-eventizer';
import { PointRowWriter } from '../point-row-writer';

const LD = WireType.lengthDelimited;
const FIXED64 = WireType.fixed64;
const VARINT = WireType.varint;

// Field numbers each message defines (OTLP leaves gaps: reserved or removed fields are skipped).
const METRIC_FIELDS = fieldMask(1, 2, 3, 5, 7, 9, 10, 11, 12);
const NUMBER_POINT_FIELDS = fieldMask(2, 3, 4, 5, 6, 7, 8);
const HISTOGRAM_POINT_FIELDS = fieldMask(2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
const EXPONENTIAL_POINT_FIELDS = fieldMask(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
const SUMMARY_POINT_FIELDS = fieldMask(2, 3, 4, 5, 6, 7, 8);
const EXEMPLAR_FIELDS = fieldMask(2, 3, 4, 5, 6, 7);
const BUCKETS_FIELDS = fieldMask(1, 2);
const QUANTILE_FIELDS = fieldMask(1, 2);

/** Metric.data members by field number, with the fields their message defines besides data_points. */
const DATA_KINDS: Partial<Record<number, { kind: MetricData['kind']; fields: number }>> = {
  5: { kind: 'gauge', fields: fieldMask(1) },
  7: { kind: 'sum', fields: fieldMask(1, 2, 3) },
  9: { kind: 'histogram', fields: fieldMask(1, 2) },
  10: { kind: 'exponentialHistogram', fields: fieldMask(1, 2) },
  11: { kind: 'summary', fields: fieldMask(1) },
};

type PointReader = (wire: WireReader, end: number) => unknown;

/**
 * Walks an ExportMetricsServiceRequest on the wire. Each data point is read straight from the
 * wire into the model's point shape (no protobufjs message, no Long), checked and written by the
 * same handlers and {@link PointRowWriter} as `eventizeMetrics`, so the rows are the same by
 * construction. Anything the model path would reject or read differently (an unnamed metric, a
 * metric without data, an invalid point, a repeated oneof or message, an odd encoding) throws
 * {@link DeclineDirect}.
 */
export class MetricsWireWalker {
  private readonly writer: PointRowWriter;
  private readonly readers: Record<MetricData['kind'], PointReader> = {
    gauge: readNumberPoint,
    sum: readNumberPoint,
    histogram: readHistogramPoint,
    exponentialHistogram: readExponentialPoint,
    summary: readSummaryPoint,
  };
  /** Data points written so far. */
  points = 0;

  constructor(
    private readonly wire: WireReader,
    private readonly builder: RowBatchBuilder,
    context: EventizeContext,
  ) {
    this.writer = new PointRowWriter(builder, new RowStamp(builder, context, DEFAULT_METRICS_DATASET), METRIC_SIGNAL_TYPE);
  }

  /** Walks the whole body. */
  walkRequest(): void {
    walkScopedRecords(this.wire, this.builder, (metricEnd, shared) => this.walkMetric(metricEnd, shared));
  }

  private walkMetric(end: number, shared: SharedCells): void {
    const { wire } = this;
    let name = '';
    let description = '';
    let unit = '';
    let dataField = 0;
    let dataStart = 0;
    let dataEnd = 0;
    while (wire.pos < end) {
      const tag = wire.rawTag();
      const field = tag >>> 3;
      if ((tag & 7) !== LD) {
        skipUndefinedField(wire, tag, METRIC_FIELDS);
        continue;
      }
      if (field === 1) name = wire.string(end);
      else if (field === 2) description = wire.string(end);
      else if (field === 3) unit = wire.string(end);
      else if (field === 12)
        readNestedKeyValue(wire, end); // metadata: not a column, but it must decode
      else if (DATA_KINDS[field] !== undefined) {
        // protobufjs keeps every oneof member it reads, and decodes a message it then replaces.
        if (dataField !== 0) throw new DeclineDirect('metric data repeated');
        dataField = field;
        dataEnd = wire.nestedEnd(end);
        dataStart = wire.pos;
        wire.pos = dataEnd;
      } else skipUndefinedField(wire, tag, METRIC_FIELDS);
    }
    wire.expectEnd(end);
    if (name === '') throw new DeclineDirect('metric without a name');
    const dataKind = DATA_KINDS[dataField];
    if (dataKind === undefined) throw new DeclineDirect('metric without data');

    // The data message's own fields may follow its points: read them first.
    wire.pos = dataStart;
    let temporality = 0;
    let monotonic = false;
    while (wire.pos < dataEnd) {
      const tag = wire.rawTag();
      if (tag === ((1 << 3) | LD)) wire.pos = wire.nestedEnd(dataEnd);
      else if (dataKind.kind !== 'gauge' && dataKind.kind !== 'summary' && tag === ((2 << 3) | VARINT)) temporality = wire.int32();
      else if (dataKind.kind === 'sum' && tag === ((3 << 3) | VARINT)) monotonic = wire.bool();
      else skipUndefinedField(wire, tag, dataKind.fields);
    }
    wire.expectEnd(dataEnd);
    const data = dataHeader(dataKind.kind, temporality, monotonic);
    this.writer.beginMetric(metricCells(shared.cells, { name, description, unit, metadata: [], data }, data));

    const handler = pointHandlers[data.kind] as PointHandler<unknown>;
    const readPoint = this.readers[data.kind];
    wire.pos = dataStart;
    while (wire.pos < dataEnd) {
      const tag = wire.rawTag();
      if (tag !== ((1 << 3) | LD)) {
        // Checked and skipped above.
        wire.skip(tag);
        continue;
      }
      const pointEnd = wire.nestedEnd(dataEnd);
      const point = readPoint(wire, pointEnd);
      wire.expectEnd(pointEnd);
      // The path only matters in the issue, which the model path reports after this declines.
      if (handler.check(point, '') !== undefined) throw new DeclineDirect('invalid data point');
      handler.write(this.writer, point);
      this.points++;
    }
    wire.pos = end;
  }
}

/** The metric's data without its points: what {@link metricCells} reads. */
function dataHeader(kind: MetricData['kind'], aggregationTemporality: number, isMonotonic: boolean): MetricData {
  switch (kind) {
    case 'gauge':
      return { kind, dataPoints: [] };
    case 'sum':
      return { kind, dataPoints: [], aggregationTemporality, isMonotonic };
    case 'histogram':
    case 'exponentialHistogram':
      return { kind, dataPoints: [], aggregationTemporality };
    case 'summary':
      return { kind, dataPoints: [] };
  }
}

/**
 * The `oneof value` of a point or exemplar: `next` replaces `current` when it is the same member
 * (the last one wins, as in protobufjs); a second member declines (protobufjs keeps both and the
 * model picks by priority).
 */
function oneValue(current: NumberValue | undefined, next: NumberValue): NumberValue {
  if (current !== undefined && current.kind !== next.kind) throw new DeclineDirect('number value with both members');
  return next;
}

function readNumberPoint(wire: WireReader, end: number): NumberDataPoint {
  const point: NumberDataPoint = { attributes: [], startTimeUnixNano: 0n, timeUnixNano: 0n, value: undefined, exemplars: [], flags: 0 };
  while (wire.pos < end) {
    const tag = wire.rawTag();
    switch (tag) {
      case (7 << 3) | LD:
        point.attributes.push(readNestedKeyValue(wire, end));
        break;
      case (2 << 3) | FIXED64:
        point.startTimeUnixNano = wire.fixed64();
        break;
      case (3 << 3) | FIXED64:
        point.timeUnixNano = wire.fixed64();
        break;
      case (4 << 3) | FIXED64:
        point.value = oneValue(point.value, { kind: 'double', value: wire.double() });
        break;
      case (6 << 3) | FIXED64:
        point.value = oneValue(point.value, { kind: 'int', value: wire.sfixed64() });
        break;
      case (5 << 3) | LD:
        point.exemplars.push(readNested(wire, end, readExemplar));
        break;
      case (8 << 3) | VARINT:
        point.flags = wire.uint32();
        break;
      default:
        skipUndefinedField(wire, tag, NUMBER_POINT_FIELDS);
    }
  }
  return point;
}

function readHistogramPoint(wire: WireReader, end: number): HistogramDataPoint {
  const point: HistogramDataPoint = {
    attributes: [],
    startTimeUnixNano: 0n,
    timeUnixNano: 0n,
    count: 0n,
    sum: undefined,
    bucketCounts: [],
    explicitBounds: [],
    exemplars: [],
    flags: 0,
    min: undefined,
    max: undefined,
  };
  while (wire.pos < end) {
    const tag = wire.rawTag();
    switch (tag) {
      case (9 << 3) | LD:
        point.attributes.push(readNestedKeyValue(wire, end));
        break;
      case (2 << 3) | FIXED64:
        point.startTimeUnixNano = wire.fixed64();
        break;
      case (3 << 3) | FIXED64:
        point.timeUnixNano = wire.fixed64();
        break;
      case (4 << 3) | FIXED64:
        point.count = wire.fixed64();
        break;
      case (5 << 3) | FIXED64:
        point.sum = wire.double();
        break;
      case (6 << 3) | LD:
        readPackedFixed64(wire, end, point.bucketCounts);
        break;
      case (6 << 3) | FIXED64:
        point.bucketCounts.push(wire.fixed64());
        break;
      case (7 << 3) | LD:
        readPackedDoubles(wire, end, point.explicitBounds);
        break;
      case (7 << 3) | FIXED64:
        point.explicitBounds.push(wire.double());
        break;
      case (8 << 3) | LD:
        point.exemplars.push(readNested(wire, end, readExemplar));
        break;
      case (10 << 3) | VARINT:
        point.flags = wire.uint32();
        break;
      case (11 << 3) | FIXED64:
        point.min = wire.double();
        break;
      case (12 << 3) | FIXED64:
        point.max = wire.double();
        break;
      default:
        skipUndefinedField(wire, tag, HISTOGRAM_POINT_FIELDS);
    }
  }
  return point;
}

function readExponentialPoint(wire: WireReader, end: number): ExponentialHistogramDataPoint {
  const point: ExponentialHistogramDataPoint = {
    attributes: [],
    startTimeUnixNano: 0n,
    timeUnixNano: 0n,
    count: 0n,
    sum: undefined,
    scale: 0,
    zeroCount: 0n,
    positive: undefined,
    negative: undefined,
    flags: 0,
    exemplars: [],
    min: undefined,
    max: undefined,
    zeroThreshold: 0,
  };
  while (wire.pos < end) {
    const tag = wire.rawTag();
    switch (tag) {
      case (1 << 3) | LD:
        point.attributes.push(readNestedKeyValue(wire, end));
        break;
      case (2 << 3) | FIXED64:
        point.startTimeUnixNano = wire.fixed64();
        break;
      case (3 << 3) | FIXED64:
        point.timeUnixNano = wire.fixed64();
        break;
      case (4 << 3) | FIXED64:
        point.count = wire.fixed64();
        break;
      case (5 << 3) | FIXED64:
        point.sum = wire.double();
        break;
      case (6 << 3) | VARINT:
        point.scale = wire.sint32();
        break;
      case (7 << 3) | FIXED64:
        point.zeroCount = wire.fixed64();
        break;
      case (8 << 3) | LD:
        if (point.positive !== undefined) throw new DeclineDirect('buckets repeated');
        point.positive = readNested(wire, end, readBuckets);
        break;
      case (9 << 3) | LD:
        if (point.negative !== undefined) throw new DeclineDirect('buckets repeated');
        point.negative = readNested(wire, end, readBuckets);
        break;
      case (10 << 3) | VARINT:
        point.flags = wire.uint32();
        break;
      case (11 << 3) | LD:
        point.exemplars.push(readNested(wire, end, readExemplar));
        break;
      case (12 << 3) | FIXED64:
        point.min = wire.double();
        break;
      case (13 << 3) | FIXED64:
        point.max = wire.double();
        break;
      case (14 << 3) | FIXED64:
        point.zeroThreshold = wire.double();
        break;
      default:
        skipUndefinedField(wire, tag, EXPONENTIAL_POINT_FIELDS);
    }
  }
  return point;
}

function readBuckets(wire: WireReader, end: number): ExponentialHistogramBuckets {
  const buckets: ExponentialHistogramBuckets = { offset: 0, bucketCounts: [] };
  while (wire.pos < end) {
    const tag = wire.rawTag();
    if (tag === ((1 << 3) | VARINT)) buckets.offset = wire.sint32();
    else if (tag === ((2 << 3) | LD)) {
      const listEnd = wire.nestedEnd(end);
      while (wire.pos < listEnd) buckets.bucketCounts.push(wire.uint64());
      // protobufjs reads the last varint past a short list: decline rather than read it differently.
      wire.expectEnd(listEnd);
    } else if (tag === ((2 << 3) | VARINT)) buckets.bucketCounts.push(wire.uint64());
    else skipUndefinedField(wire, tag, BUCKETS_FIELDS);
  }
  return buckets;
}

function readSummaryPoint(wire: WireReader, end: number): SummaryDataPoint {
  const point: SummaryDataPoint = { attributes: [], startTimeUnixNano: 0n, timeUnixNano: 0n, count: 0n, sum: 0, quantileValues: [], flags: 0 };
  while (wire.pos < end) {
    const tag = wire.rawTag();
    switch (tag) {
      case (7 << 3) | LD:
        point.attributes.push(readNestedKeyValue(wire, end));
        break;
      case (2 << 3) | FIXED64:
        point.startTimeUnixNano = wire.fixed64();
        break;
      case (3 << 3) | FIXED64:
        point.timeUnixNano = wire.fixed64();
        break;
      case (4 << 3) | FIXED64:
        point.count = wire.fixed64();
        break;
      case (5 << 3) | FIXED64:
        point.sum = wire.double();
        break;
      case (6 << 3) | LD:
        point.quantileValues.push(readNested(wire, end, readQuantile));
        break;
      case (8 << 3) | VARINT:
        point.flags = wire.uint32();
        break;
      default:
        skipUndefinedField(wire, tag, SUMMARY_POINT_FIELDS);
    }
  }
  return point;
}

function readQuantile(wire: WireReader, end: number): ValueAtQuantile {
  const quantile: ValueAtQuantile = { quantile: 0, value: 0 };
  while (wire.pos < end) {
    const tag = wire.rawTag();
    if (tag === ((1 << 3) | FIXED64)) quantile.quantile = wire.double();
    else if (tag === ((2 << 3) | FIXED64)) quantile.value = wire.double();
    else skipUndefinedField(wire, tag, QUANTILE_FIELDS);
  }
  return quantile;
}

function readExemplar(wire: WireReader, end: number): Exemplar {
  const filteredAttributes: KeyValue[] = [];
  const exemplar: Exemplar = { filteredAttributes, timeUnixNano: 0n, value: undefined, spanId: new Uint8Array(0), traceId: new Uint8Array(0) };
  while (wire.pos < end) {
    const tag = wire.rawTag();
    switch (tag) {
      case (7 << 3) | LD:
        filteredAttributes.push(readNestedKeyValue(wire, end));
        break;
      case (2 << 3) | FIXED64:
        exemplar.timeUnixNano = wire.fixed64();
        break;
      case (3 << 3) | FIXED64:
        exemplar.value = oneValue(exemplar.value, { kind: 'double', value: wire.double() });
        break;
      case (6 << 3) | FIXED64:
        exemplar.value = oneValue(exemplar.value, { kind: 'int', value: wire.sfixed64() });
        break;
      case (4 << 3) | LD:
        exemplar.spanId = wire.bytes(end);
        break;
      case (5 << 3) | LD:
        exemplar.traceId = wire.bytes(end);
        break;
      default:
        skipUndefinedField(wire, tag, EXEMPLAR_FIELDS);
    }
  }
  return exemplar;
}

/** A nested message read by `read`, which must end exactly where its length says. */
function readNested<T>(wire: WireReader, parentEnd: number, read: (wire: WireReader, end: number) => T): T {
  const end = wire.nestedEnd(parentEnd);
  const value = read(wire, end);
  wire.expectEnd(end);
  return value;
}

/** A packed `repeated fixed64`; a length that is not a whole number of values declines (protobufjs would read past it). */
function readPackedFixed64(wire: WireReader, parentEnd: number, into: bigint[]): void {
  const end = wire.nestedEnd(parentEnd);
  if ((end - wire.pos) % 8 !== 0) throw new DeclineDirect('packed fixed64 list of odd length');
  while (wire.pos < end) into.push(wire.fixed64());
}

/** A packed `repeated double`, with the same rule. */
function readPackedDoubles(wire: WireReader, parentEnd: number, into: number[]): void {
  const end = wire.nestedEnd(parentEnd);
  if ((end - wire.pos) % 8 !== 0) throw new DeclineDirect('packed double list of odd length');
  while (wire.pos < end) into.push(wire.double());
}
