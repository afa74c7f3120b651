export { logsSignal } from './logs-signal';
export { logsIngest } from './logs-ingest';
export { logsIndexing } from './logs-indexing';
export { logsQueryHooks } from './logs-query-hooks';
export { eventizeLogs } from './otlp/logs-eventizer';
export { DEFAULT_LOGS_DATASET, LOG_ATTRIBUTE_PREFIX, LOG_SIGNAL_TYPE, LogBodyColumn, LogColumn } from './common/log-columns';
export type { LogColumnName } from './common/log-columns';
