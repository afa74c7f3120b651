import { BaseColumn, writeTypedValue, type ColumnType, type ColumnWriter, type RowBatchBuilder, type RowStamp } from '@prism/contract';
import { AttributeColumnNames, SharedCells, attributeCells, type AttributeCell, type Exemplar, type KeyValue } from '@prism/otlp';
import { METRIC_ATTRIBUTE_PREFIX, MetricColumn, type MetricRowKindName } from '../common/metric-columns';
import { exemplarsJson } from './exemplars-json';

/** What every data point has, whatever its metric type. */
export interface PointHeader {
  attributes: KeyValue[];
  startTimeUnixNano: bigint;
  timeUnixNano: bigint;
  flags: number;
  exemplars?: Exemplar[];
}

/** The fixed columns of metric rows, by slot, created on first write. */
const FIXED_COLUMNS: ReadonlyArray<readonly [string, ColumnType]> = [
  [MetricColumn.row, 'string'],
  [BaseColumn.timestamp, 'int64'],
  [MetricColumn.startTimestamp, 'int64'],
  [MetricColumn.flags, 'int64'],
  [MetricColumn.exemplars, 'json'],
  [MetricColumn.value, 'double'],
  [MetricColumn.valueInt, 'int64'],
  [MetricColumn.bucketLower, 'double'],
  [MetricColumn.bucketUpper, 'double'],
  [MetricColumn.bucketCount, 'int64'],
  [MetricColumn.bucketIndex, 'int64'],
  [MetricColumn.quantile, 'double'],
];

const Fixed = {
  row: 0,
  timestamp: 1,
  startTimestamp: 2,
  flags: 3,
  exemplars: 4,
  value: 5,
  valueInt: 6,
  bucketLower: 7,
  bucketUpper: 8,
  bucketCount: 9,
  bucketIndex: 10,
  quantile: 11,
} as const;

/**
 * Writes the rows of data points, each started by the request's row stamp, for both decode +
 * eventize and the single-pass path. The cells shared by a whole metric (resource, scope, metric
 * name, type, …) have their writers resolved once per metric; a point's attributes are resolved
 * once per point (writers predicted from the previous point's) and copied into each of its rows
 * (a histogram point may have dozens).
 */
export class PointRowWriter {
  private readonly attributeColumns = new AttributeColumnNames(METRIC_ATTRIBUTE_PREFIX);
  private readonly fixed: Array<ColumnWriter | undefined> = new Array(FIXED_COLUMNS.length).fill(undefined);
  private metricCells: SharedCells;
  private point: PointHeader | undefined;
  private pointCells: AttributeCell[] = [];
  private readonly pointWriters: ColumnWriter[] = [];
  /** Column and type of each position of the previous point's cells, to reuse its writers. */
  private readonly pointColumns: string[] = [];
  private readonly pointTypes: string[] = [];
  private rowsOfPoint = 0;
  /** The row being written. */
  private row = -1;

  constructor(
    private readonly builder: RowBatchBuilder,
    private readonly stamp: RowStamp,
    private readonly signalType: string,
  ) {
    this.metricCells = new SharedCells(builder, []);
  }

  /** Sets the cells every row of the coming metric's points carries. */
  beginMetric(cells: readonly AttributeCell[]): void {
    this.metricCells = new SharedCells(this.builder, cells);
  }

  /** Starts a data point; its rows follow through {@link startRow}. `extra` cells go on each of them. */
  beginPoint(point: PointHeader, extra?: AttributeCell): void {
    this.point = point;
    const cells = attributeCells(this.attributeColumns, point.attributes);
    if (extra !== undefined) cells.push(extra);
    this.pointCells = cells;
    for (let index = 0; index < cells.length; index++) {
      const cell = cells[index];
      if (this.pointColumns[index] !== cell.column || this.pointTypes[index] !== cell.value.type) {
        this.pointColumns[index] = cell.column;
        this.pointTypes[index] = cell.value.type;
        this.pointWriters[index] = this.builder.column(cell.column, cell.value.type);
      }
    }
    this.rowsOfPoint = 0;
  }

  private writer(slot: number): ColumnWriter {
    const writer = this.fixed[slot];
    if (writer !== undefined) return writer;
    const [name, type] = FIXED_COLUMNS[slot];
    return (this.fixed[slot] = this.builder.column(name, type));
  }

  /** Starts one row of the current point; its own cells follow through the setters below. */
  startRow(kind: MetricRowKindName): this {
    const point = this.point as PointHeader;
    const row = this.stamp.startRow(this.signalType);
    this.row = row;
    this.metricCells.write(row);
    this.writer(Fixed.row).setString(row, kind);
    this.writer(Fixed.timestamp).setInt64(row, point.timeUnixNano);
    if (point.startTimeUnixNano !== 0n) this.writer(Fixed.startTimestamp).setInt64(row, point.startTimeUnixNano);
    // DataPointFlags is a uint32: its bits are the low word.
    this.writer(Fixed.flags).setInt64Words(row, point.flags, 0);
    const cells = this.pointCells;
    const writers = this.pointWriters;
    for (let index = 0; index < cells.length; index++) writeTypedValue(writers[index], row, cells[index].value);
    // Exemplars belong to the point, not to a row: keep them once, on its first row.
    if (this.rowsOfPoint === 0 && point.exemplars !== undefined && point.exemplars.length > 0) {
      this.writer(Fixed.exemplars).setString(row, exemplarsJson(point.exemplars));
    }
    this.rowsOfPoint++;
    return this;
  }

  /** A double value (`value`). */
  setValue(value: number): this {
    this.writer(Fixed.value).setNumber(this.row, value);
    return this;
  }

  /** An integer value or count (`value#int64`). */
  setValueInt(value: bigint): this {
    this.writer(Fixed.valueInt).setInt64(this.row, value);
    return this;
  }

  /** A bucket's bounds and count. */
  setBucket(lower: number, upper: number, count: bigint): this {
    const row = this.row;
    this.writer(Fixed.bucketLower).setNumber(row, lower);
    this.writer(Fixed.bucketUpper).setNumber(row, upper);
    this.writer(Fixed.bucketCount).setInt64(row, count);
    return this;
  }

  /** An exponential histogram bucket's index. */
  setBucketIndex(index: number): this {
    const writer = this.writer(Fixed.bucketIndex);
    if ((index | 0) === index) writer.setInt64Words(this.row, index, index >> 31);
    else writer.setInt64(this.row, BigInt(index));
    return this;
  }

  /** A summary quantile. */
  setQuantile(quantile: number): this {
    this.writer(Fixed.quantile).setNumber(this.row, quantile);
    return this;
  }
}
