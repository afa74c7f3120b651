export { logsSignal } from './logs-signal';
export { DEFAULT_LOGS_DATASET, eventizeLogs } from './otlp/logs-eventizer';
export { LOG_ATTRIBUTE_PREFIX, LOG_SIGNAL_TYPE, LogBodyColumn, LogColumn } from './common/log-columns';
export type { LogColumnName } from './common/log-columns';
