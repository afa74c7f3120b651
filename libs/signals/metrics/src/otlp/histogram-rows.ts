import type { HistogramDataPoint } from '@prism/otlp';
import { MetricRowKind } from '../common/metric-columns';
import type { PointRowWriter } from './point-row-writer';

/** The count, sum, min and max rows every histogram point starts with (sum, min, max when set). */
export function writeHistogramStats(
  writer: PointRowWriter,
  point: { count: bigint; sum: number | undefined; min: number | undefined; max: number | undefined },
): void {
  writer.startRow(MetricRowKind.count).setValueInt(point.count);
  if (point.sum !== undefined) writer.startRow(MetricRowKind.sum).setValue(point.sum);
  if (point.min !== undefined) writer.startRow(MetricRowKind.min).setValue(point.min);
  if (point.max !== undefined) writer.startRow(MetricRowKind.max).setValue(point.max);
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
    writer.startRow(MetricRowKind.bucket).setBucket(lower, upper, point.bucketCounts[index]);
  }
}
