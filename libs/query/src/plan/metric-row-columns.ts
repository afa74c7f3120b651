/**
 * Metric row columns that `rate` and `histogram_quantile` read. They are the metrics signal's
 * row model; query never imports a signal library, so the names are repeated here, and the
 * planner checks the signal actually knows them before using them.
 */
export const MetricRowColumn = {
  temporality: 'metric.temporality',
  startTimestamp: 'start_timestamp',
  bucketLower: 'bucket.lower',
  bucketUpper: 'bucket.upper',
  bucketCount: 'bucket.count',
} as const;

/** The `metric.temporality` value of delta sums. */
export const DELTA_TEMPORALITY = 'delta';
