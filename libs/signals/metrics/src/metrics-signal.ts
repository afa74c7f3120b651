import type { Signal } from '@prism/contract';
import type { ExportMetricsServiceRequest } from '@prism/otlp';
import { DEFAULT_METRICS_DATASET, METRIC_ATTRIBUTE_PREFIX, METRIC_SIGNAL_TYPE } from './common/metric-columns';
import { metricsIndexing } from './metrics-indexing';
import { metricsIngest } from './metrics-ingest';
import { metricsQueryHooks } from './metrics-query-hooks';

/** The metrics plug-in: OTLP/HTTP `/v1/metrics` in protobuf or JSON, rows per data point. */
export const metricsSignal: Signal<ExportMetricsServiceRequest> = {
  name: 'metrics',
  signalType: METRIC_SIGNAL_TYPE,
  defaultDataset: DEFAULT_METRICS_DATASET,
  attributePrefix: METRIC_ATTRIBUTE_PREFIX,
  ingest: metricsIngest,
  indexing: metricsIndexing,
  query: metricsQueryHooks,
};
