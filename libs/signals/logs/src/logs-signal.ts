import type { Signal } from '@prism/contract';
import type { ExportLogsServiceRequest } from '@prism/otlp';
import { DEFAULT_LOGS_DATASET, LOG_ATTRIBUTE_PREFIX, LOG_SIGNAL_TYPE } from './common/log-columns';
import { logsIndexing } from './logs-indexing';
import { logsIngest } from './logs-ingest';
import { logsQueryHooks } from './logs-query-hooks';

/** The logs plug-in: OTLP/HTTP `/v1/logs` in protobuf or JSON, one row per log record. */
export const logsSignal: Signal<ExportLogsServiceRequest> = {
  name: 'logs',
  signalType: LOG_SIGNAL_TYPE,
  defaultDataset: DEFAULT_LOGS_DATASET,
  attributePrefix: LOG_ATTRIBUTE_PREFIX,
  ingest: logsIngest,
  indexing: logsIndexing,
  query: logsQueryHooks,
};
