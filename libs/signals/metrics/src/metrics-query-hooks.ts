import { BaseColumn, ResourceColumn, baseKnownColumns, type SignalQueryHooks } from '@prism/contract';
import { MetricColumn } from './common/metric-columns';
import { metricAggregates } from './query/metric-aggregates';

/** Aliases for service and metric name; time, service, name, row kind and both value columns by default; `rate` and `histogram_quantile`. */
export const metricsQueryHooks: SignalQueryHooks = {
  columnAliases: { service: ResourceColumn.serviceName, metric: MetricColumn.name, name: MetricColumn.name, type: MetricColumn.type },
  defaultColumns: [BaseColumn.timestamp, ResourceColumn.serviceName, MetricColumn.name, MetricColumn.row, MetricColumn.value, MetricColumn.valueInt],
  knownColumns: {
    ...baseKnownColumns({ traceContext: false }),
    [MetricColumn.name]: 'string',
    [MetricColumn.unit]: 'string',
    [MetricColumn.description]: 'string',
    [MetricColumn.type]: 'string',
    [MetricColumn.temporality]: 'string',
    [MetricColumn.monotonic]: 'bool',
    [MetricColumn.row]: 'string',
    [MetricColumn.startTimestamp]: 'int64',
    [MetricColumn.value]: 'double',
    [MetricColumn.valueInt]: 'int64',
    [MetricColumn.flags]: 'int64',
    [MetricColumn.bucketLower]: 'double',
    [MetricColumn.bucketUpper]: 'double',
    [MetricColumn.bucketCount]: 'int64',
    [MetricColumn.bucketIndex]: 'int64',
    [MetricColumn.scale]: 'int64',
    [MetricColumn.quantile]: 'double',
    [MetricColumn.exemplars]: 'json',
  },
  aggregates: metricAggregates,
};
