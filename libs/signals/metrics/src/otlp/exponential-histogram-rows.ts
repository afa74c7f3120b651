import type { ExponentialHistogramBuckets, ExponentialHistogramDataPoint } from '@prism/otlp';
import { MetricColumn, MetricRowKind } from '../common/metric-columns';
import { negativeBucketBounds, positiveBucketBounds, type BucketBounds } from './exponential-buckets';
import { writeHistogramStats } from './histogram-rows';
import type { PointRowWriter } from './point-row-writer';

/**
 * An exponential histogram point: its stats rows, the zero bucket [-zeroThreshold, zeroThreshold],
 * then the negative and positive buckets with their bounds worked out from the scale and their
 * index in `bucket.index`. Every row carries the point's scale.
 */
export function writeExponentialHistogramPoint(writer: PointRowWriter, point: ExponentialHistogramDataPoint): void {
  writer.beginPoint(point, { column: MetricColumn.scale, value: { type: 'int64', value: BigInt(point.scale) } });
  writeHistogramStats(writer, point);
  // 0 - t rather than -t: a zero threshold of 0 must give a lower bound of 0, not -0.
  writer.startRow(MetricRowKind.zeroBucket).setBucket(0 - point.zeroThreshold, point.zeroThreshold, point.zeroCount);
  writeBuckets(writer, point.negative, point.scale, negativeBucketBounds);
  writeBuckets(writer, point.positive, point.scale, positiveBucketBounds);
}

function writeBuckets(
  writer: PointRowWriter,
  buckets: ExponentialHistogramBuckets | undefined,
  scale: number,
  boundsOf: (index: number, scale: number) => BucketBounds,
): void {
  if (buckets === undefined) return;
  for (let position = 0; position < buckets.bucketCounts.length; position++) {
    const index = buckets.offset + position;
    const { lower, upper } = boundsOf(index, scale);
    writer.startRow(MetricRowKind.bucket).setBucket(lower, upper, buckets.bucketCounts[position]).setBucketIndex(index);
  }
}
