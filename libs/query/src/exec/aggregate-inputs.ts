import { BaseColumn, ColumnPrefix } from '@prism/contract';
import type { RecordBatch } from 'apache-arrow';
import { MetricRowColumn } from '../plan/metric-row-columns';
import type { ResolvedAggregate } from '../plan/resolved-plan';
import { cellReader, type CellReader } from './column-cells';

/** The columns an aggregate reads in one batch. */
export interface AggregateInputs {
  value: CellReader;
  timestamp: CellReader;
  temporality: CellReader;
  bucketLower: CellReader;
  bucketUpper: CellReader;
  bucketCount: CellReader;
  /** Columns that tell one metric series from another, for `rate`. */
  series: readonly CellReader[];
}

/** Metric name column: part of a series' identity. */
const METRIC_NAME_COLUMN = 'metric.name';
const SERIES_PREFIXES: readonly string[] = [ColumnPrefix.metric, ColumnPrefix.resource];

/** Whether a column is part of a metric series' identity (its name and attributes). */
export function isSeriesColumn(name: string): boolean {
  return name === METRIC_NAME_COLUMN || name === BaseColumn.scopeName || SERIES_PREFIXES.some((prefix) => name.startsWith(prefix));
}

/** Columns an aggregate needs read, beside the series columns `rate` takes from each segment. */
export function columnsOfAggregate(aggregate: ResolvedAggregate): string[] {
  switch (aggregate.fn) {
    case 'count':
      return [];
    case 'histogram_quantile':
      return [MetricRowColumn.bucketLower, MetricRowColumn.bucketUpper, MetricRowColumn.bucketCount];
    case 'rate':
      return [aggregate.column as string, BaseColumn.timestamp, MetricRowColumn.temporality];
    default:
      return [aggregate.column as string];
  }
}

/** Binds an aggregate's input columns to a batch. */
export function aggregateInputs(batch: RecordBatch, aggregate: ResolvedAggregate): AggregateInputs {
  const none = cellReader(batch, '');
  const isRate = aggregate.fn === 'rate';
  const isHistogram = aggregate.fn === 'histogram_quantile';
  return {
    value: aggregate.column === undefined ? none : cellReader(batch, aggregate.column),
    timestamp: isRate ? cellReader(batch, BaseColumn.timestamp) : none,
    temporality: isRate ? cellReader(batch, MetricRowColumn.temporality) : none,
    bucketLower: isHistogram ? cellReader(batch, MetricRowColumn.bucketLower) : none,
    bucketUpper: isHistogram ? cellReader(batch, MetricRowColumn.bucketUpper) : none,
    bucketCount: isHistogram ? cellReader(batch, MetricRowColumn.bucketCount) : none,
    series: isRate
      ? batch.schema.fields.filter((field) => isSeriesColumn(field.name)).map((field) => cellReader(batch, field.name))
      : [],
  };
}
