export { metricsSignal } from './metrics-signal';
export { DEFAULT_METRICS_DATASET, eventizeMetrics } from './otlp/metrics-eventizer';
export {
  METRIC_ATTRIBUTE_PREFIX,
  METRIC_SIGNAL_TYPE,
  MetricColumn,
  MetricRowKind,
  MetricType,
  Temporality,
  temporalityName,
} from './common/metric-columns';
export type { MetricColumnName, MetricRowKindName } from './common/metric-columns';
export { exponentialLowerBound, negativeBucketBounds, positiveBucketBounds } from './otlp/exponential-buckets';
export type { BucketBounds } from './otlp/exponential-buckets';
