import type { SummaryDataPoint } from '@prism/otlp';
import { MetricRowKind } from '../common/metric-columns';
import type { PointRowWriter } from './point-row-writer';

/** A summary point: its count and sum rows, then one row per quantile (`quantile`, `value`). */
export function writeSummaryPoint(writer: PointRowWriter, point: SummaryDataPoint): void {
  writer.beginPoint(point);
  writer.startRow(MetricRowKind.count).setValueInt(point.count);
  writer.startRow(MetricRowKind.sum).setValue(point.sum);
  for (const { quantile, value } of point.quantileValues) writer.startRow(MetricRowKind.quantile).setQuantile(quantile).setValue(value);
}
