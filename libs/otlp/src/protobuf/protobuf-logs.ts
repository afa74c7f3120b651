import type { ValidationIssue } from '@prism/contract';
import type { ExportLogsServiceRequest, LogRecord, ResourceLogs, ScopeLogs } from '../model';
import { convertAnyValue, convertKeyValues, convertRecords, indexedPaths, toBigInt, toBytes } from './protobuf-common';
import type { PbLogRecord, PbLogsRequest } from './protobuf-messages';
import { walkResourceScopes, type PbSignalLayout } from './protobuf-walk';

type PbResourceLogs = PbLogsRequest['resourceLogs'][number];

const LAYOUT: PbSignalLayout<PbResourceLogs, PbResourceLogs['scopeLogs'][number], PbLogRecord, LogRecord, ScopeLogs, ResourceLogs> = {
  resources: 'resourceLogs',
  scopes: 'scopeLogs',
  records: 'logRecords',
  scopesOf: (item) => item.scopeLogs,
  recordsOf: (scope) => scope.logRecords,
  convertRecords: (records, listPath, issues) => convertRecords(records, convertLogRecord, () => listPath, issues),
  rowPaths: (records, listPath) => indexedPaths(listPath, records.length),
  scopeGroup: (scope, logRecords, schemaUrl) => ({ scope, logRecords, schemaUrl }),
  resourceGroup: (resource, scopeLogs, schemaUrl) => ({ resource, scopeLogs, schemaUrl }),
};

/** The model of a decoded ExportLogsServiceRequest; records that cannot be converted are dropped with an issue. */
export function logsFromProtobuf(message: PbLogsRequest, issues: ValidationIssue[]): ExportLogsServiceRequest {
  return { resourceLogs: walkResourceScopes(message.resourceLogs, LAYOUT, issues) };
}

function convertLogRecord(record: PbLogRecord): LogRecord {
  return {
    timeUnixNano: toBigInt(record.timeUnixNano),
    observedTimeUnixNano: toBigInt(record.observedTimeUnixNano),
    severityNumber: record.severityNumber,
    severityText: record.severityText,
    body: record.body === null ? undefined : convertAnyValue(record.body, 1),
    attributes: convertKeyValues(record.attributes),
    droppedAttributesCount: record.droppedAttributesCount,
    flags: record.flags,
    traceId: toBytes(record.traceId),
    spanId: toBytes(record.spanId),
    eventName: record.eventName,
  };
}
