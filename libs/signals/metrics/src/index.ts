export { metricsSignal } from './metrics-signal';
export { metricsIngest } from './metrics-ingest';
export { metricsIndexing } from './metrics-indexing';
export { metricsQueryHooks } from './metrics-query-hooks';
export { eventizeMetrics } from './otlp/metrics-eventizer';
export {
  DEFAULT_METRICS_DATASET,
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
export { histogramQuantileAggregate, isSeriesColumn, metricAggregates, rateAggregate } from './query/metric-aggregates';
export { HistogramQuantileState, RateState } from './query/metric-aggregate-states';
