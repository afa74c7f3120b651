import { BaseColumn, type RowBatchBuilder, type RowStamp } from '@prism/contract';
import { AttributeColumnNames, attributeCells, writeCells, type AttributeCell, type Exemplar, type KeyValue } from '@prism/otlp';
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

/**
 * Writes the rows of data points, each started by the request's row stamp. The cells shared by a
 * whole metric (resource, scope, metric name, type, …) are set once per metric; a point's attributes are resolved once per point
 * and copied into each of its rows (a histogram point may have dozens).
 */
export class PointRowWriter {
  private readonly attributeColumns = new AttributeColumnNames(METRIC_ATTRIBUTE_PREFIX);
  private metricCells: readonly AttributeCell[] = [];
  private point: PointHeader | undefined;
  private pointCells: AttributeCell[] = [];
  private rowsOfPoint = 0;

  constructor(
    private readonly builder: RowBatchBuilder,
    private readonly stamp: RowStamp,
    private readonly signalType: string,
  ) {}

  /** Sets the cells every row of the coming metric's points carries. */
  beginMetric(cells: readonly AttributeCell[]): void {
    this.metricCells = cells;
  }

  /** Starts a data point; its rows follow through {@link startRow}. `extra` cells go on each of them. */
  beginPoint(point: PointHeader, extra?: AttributeCell): void {
    this.point = point;
    this.pointCells = attributeCells(this.attributeColumns, point.attributes);
    if (extra !== undefined) this.pointCells.push(extra);
    this.rowsOfPoint = 0;
  }

  /** Starts one row of the current point; the caller then writes the row's own cells into `builder`. */
  startRow(kind: MetricRowKindName): RowBatchBuilder {
    const { builder } = this;
    const point = this.point as PointHeader;
    this.stamp.startRow(this.signalType);
    writeCells(builder, this.metricCells);
    builder.setString(MetricColumn.row, kind);
    builder.setInt64(BaseColumn.timestamp, point.timeUnixNano);
    if (point.startTimeUnixNano !== 0n) builder.setInt64(MetricColumn.startTimestamp, point.startTimeUnixNano);
    builder.setInt64(MetricColumn.flags, BigInt(point.flags));
    writeCells(builder, this.pointCells);
    // Exemplars belong to the point, not to a row: keep them once, on its first row.
    if (this.rowsOfPoint === 0 && point.exemplars !== undefined && point.exemplars.length > 0) {
      builder.setJson(MetricColumn.exemplars, exemplarsJson(point.exemplars));
    }
    this.rowsOfPoint++;
    return builder;
  }
}
