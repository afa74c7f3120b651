import { BaseColumn, ResourceColumn, baseKnownColumns, type SignalQueryHooks } from '@prism/contract';
import { LogColumn } from './common/log-columns';

/** Aliases for service, severity and message; time, service, severity, body and trace id by default. */
export const logsQueryHooks: SignalQueryHooks = {
  columnAliases: {
    service: ResourceColumn.serviceName,
    severity: LogColumn.severityText,
    level: LogColumn.severityText,
    message: LogColumn.body,
    event: LogColumn.eventName,
  },
  defaultColumns: [BaseColumn.timestamp, ResourceColumn.serviceName, LogColumn.severityText, LogColumn.body, BaseColumn.traceId],
  knownColumns: {
    ...baseKnownColumns({ traceContext: true }),
    [LogColumn.observedTimestamp]: 'int64',
    [LogColumn.body]: 'string',
    [LogColumn.severityNumber]: 'int64',
    [LogColumn.severityText]: 'string',
    [LogColumn.eventName]: 'string',
    [LogColumn.droppedAttributesCount]: 'int64',
  },
};
