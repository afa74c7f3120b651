import { ColumnPrefix, TYPE_VARIANT_SEPARATOR } from '@prism/contract';

/** Dataset of metric rows when the context names none. */
export const DEFAULT_METRICS_DATASET = 'metrics';

/** Value of the `signal_type` column for metric rows. */
export const METRIC_SIGNAL_TYPE = 'metric';

/** Prefix of data point attribute columns. */
export const METRIC_ATTRIBUTE_PREFIX = ColumnPrefix.metric;

/** Columns only metric rows carry; the shared ones are `BaseColumn` in @prism/contract. */
export const MetricColumn = {
  name: 'metric.name',
  unit: 'metric.unit',
  description: 'metric.description',
  /** One of {@link MetricType}. */
  type: 'metric.type',
  /** One of {@link Temporality}; sums and (exponential) histograms only. */
  temporality: 'metric.temporality',
  /** Sums only. */
  monotonic: 'metric.monotonic',
  /** Which part of a data point the row holds: one of {@link MetricRowKind}. */
  row: 'metric.row',
  startTimestamp: 'start_timestamp',
  /** Double values: gauge and sum points, histogram sum/min/max, summary sum and quantile values. */
  value: 'value',
  /** Integer values (int gauge and sum points, counts) in the `value` column's int64 variant. */
  valueInt: 'value' + TYPE_VARIANT_SEPARATOR + 'int64',
  /** The data point's DataPointFlags (bit 0: no recorded value). */
  flags: 'flags',
  /** Bucket bounds: a bucket holds values in (lower, upper]; open ends are ±Infinity. */
  bucketLower: 'bucket.lower',
  bucketUpper: 'bucket.upper',
  bucketCount: 'bucket.count',
  /** Exponential histograms: the bucket's index i (bounds base^i, base^(i+1)). */
  bucketIndex: 'bucket.index',
  /** Exponential histograms: the point's scale, on each of its rows. */
  scale: 'metric.scale',
  /** Summaries: the quantile (0..1) of a quantile row. */
  quantile: 'quantile',
  /** Exemplars as JSON text on a point's first row (its value or count row). */
  exemplars: 'exemplars',
} as const;

export type MetricColumnName = (typeof MetricColumn)[keyof typeof MetricColumn];

/** Values of `metric.type`. */
export const MetricType = {
  gauge: 'gauge',
  sum: 'sum',
  histogram: 'histogram',
  exponentialHistogram: 'exponential_histogram',
  summary: 'summary',
} as const;

/** Values of `metric.row`. */
export const MetricRowKind = {
  /** The single row of a gauge or sum point. */
  value: 'value',
  count: 'count',
  sum: 'sum',
  min: 'min',
  max: 'max',
  bucket: 'bucket',
  /** An exponential histogram's zero bucket: [-zeroThreshold, zeroThreshold]. */
  zeroBucket: 'zero_bucket',
  quantile: 'quantile',
} as const;

export type MetricRowKindName = (typeof MetricRowKind)[keyof typeof MetricRowKind];

/** Values of `metric.temporality`, indexed by OTLP AggregationTemporality. */
export const Temporality = ['unspecified', 'delta', 'cumulative'] as const;

/** The `metric.temporality` value of an OTLP AggregationTemporality; unknown numbers read as unspecified. */
export function temporalityName(temporality: number): string {
  return Temporality[temporality] ?? Temporality[0];
}
