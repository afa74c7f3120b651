import { BaseColumn, ResourceColumn, type ColumnIndexing } from '@prism/contract';
import { MetricColumn } from './common/metric-columns';

/** Dictionaries for the names metrics are grouped by; no Bloom filters and no trace hints. */
export const metricsIndexing: ColumnIndexing = {
  dictionary: [
    ResourceColumn.serviceName,
    BaseColumn.scopeName,
    MetricColumn.name,
    MetricColumn.unit,
    MetricColumn.type,
    MetricColumn.temporality,
    MetricColumn.row,
  ],
  // Metric rows carry no trace ids of their own (exemplars keep theirs inside JSON).
  bloom: [],
};
