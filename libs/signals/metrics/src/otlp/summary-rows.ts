import type { SummaryDataPoint } from '@prism/otlp';
import { MetricColumn, MetricRowKind } from '../common/metric-columns';
import type { PointRowWriter } from './point-row-writer';

/** A summary point: its count and sum rows, then one row per quantile (`quantile`, `value`). */
export function writeSummaryPoint(writer: PointRowWriter, point: SummaryDataPoint): void {
  writer.beginPoint(point);
  writer.startRow(MetricRowKind.count).setInt64(MetricColumn.valueInt, point.count);
  writer.startRow(MetricRowKind.sum).setDouble(MetricColumn.value, point.sum);
  for (const { quantile, value } of point.quantileValues) {
    const builder = writer.startRow(MetricRowKind.quantile);
    builder.setDouble(MetricColumn.quantile, quantile);
    builder.setDouble(MetricColumn.value, value);
  }
}
