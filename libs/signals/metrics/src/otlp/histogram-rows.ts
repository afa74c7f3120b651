import type { RowBatchBuilder } from '@prism/contract';
import type { HistogramDataPoint } from '@prism/otlp';
import { MetricColumn, MetricRowKind } from '../common/metric-columns';
import type { PointRowWriter } from './point-row-writer';

/** The count, sum, min and max rows every histogram point starts with (sum, min, max when set). */
export function writeHistogramStats(
  writer: PointRowWriter,
  point: { count: bigint; sum: number | undefined; min: number | undefined; max: number | undefined },
): void {
  writer.startRow(MetricRowKind.count).setInt64(MetricColumn.valueInt, point.count);
  if (point.sum !== undefined) writer.startRow(MetricRowKind.sum).setDouble(MetricColumn.value, point.sum);
  if (point.min !== undefined) writer.startRow(MetricRowKind.min).setDouble(MetricColumn.value, point.min);
  if (point.max !== undefined) writer.startRow(MetricRowKind.max).setDouble(MetricColumn.value, point.max);
}

/** Writes a bucket's bounds and count into a started row. */
export function setBucket(builder: RowBatchBuilder, lower: number, upper: number, count: bigint): void {
  builder.setDouble(MetricColumn.bucketLower, lower);
  builder.setDouble(MetricColumn.bucketUpper, upper);
  builder.setInt64(MetricColumn.bucketCount, count);
}

/**
 * An explicit-bounds histogram point: its stats rows, then one row per bucket. Bucket i holds
 * (explicitBounds[i-1], explicitBounds[i]], the first from -Infinity and the last to +Infinity.
 */
export function writeHistogramPoint(writer: PointRowWriter, point: HistogramDataPoint): void {
  writer.beginPoint(point);
  writeHistogramStats(writer, point);
  const bounds = point.explicitBounds;
  for (let index = 0; index < point.bucketCounts.length; index++) {
    const lower = index === 0 ? -Infinity : bounds[index - 1];
    const upper = index === bounds.length ? Infinity : bounds[index];
    setBucket(writer.startRow(MetricRowKind.bucket), lower, upper, point.bucketCounts[index]);
  }
}
