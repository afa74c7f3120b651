import { BaseColumn, ColumnPrefix, type SignalAggregate } from '@prism/contract';
import { MetricColumn } from '../common/metric-columns';
import { HistogramQuantileState, RateState } from './metric-aggregate-states';

const SERIES_PREFIXES: readonly string[] = [ColumnPrefix.metric, ColumnPrefix.resource];

/** Whether a column is part of a metric series' identity (its name, scope and attributes). */
export function isSeriesColumn(name: string): boolean {
  return name === MetricColumn.name || name === BaseColumn.scopeName || SERIES_PREFIXES.some((prefix) => name.startsWith(prefix));
}

/** `rate`: per-second rate of a monotonic counter's `column`, summed over the group's series. */
export const rateAggregate: SignalAggregate = {
  fn: 'rate',
  column: 'numeric',
  quantile: false,
  reads: [BaseColumn.timestamp, MetricColumn.temporality],
  needs: 'metric rows with a temporality',
  readsMatching: isSeriesColumn,
  outputName: (column) => `rate(${column})`,
  create: () => new RateState(),
};

/** `histogram_quantile` (with `q`): a quantile estimated from histogram bucket rows. */
export const histogramQuantileAggregate: SignalAggregate = {
  fn: 'histogram_quantile',
  column: 'none',
  quantile: true,
  reads: [MetricColumn.bucketLower, MetricColumn.bucketUpper, MetricColumn.bucketCount],
  needs: 'histogram bucket rows',
  noColumnReason: 'reads the bucket columns itself',
  outputName: (_column, q) => `histogram_quantile(${q})`,
  create: (q) => new HistogramQuantileState(q as number),
};

/** The aggregates the metrics signal adds to the query DSL. */
export const metricAggregates: readonly SignalAggregate[] = [rateAggregate, histogramQuantileAggregate];
