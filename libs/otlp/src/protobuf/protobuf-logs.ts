import type { ValidationIssue } from '@prism/contract';
import type { ExportLogsServiceRequest, LogRecord, ResourceLogs, ScopeLogs } from '../model';
import {
  convertAnyValue,
  convertContainer,
  convertKeyValues,
  convertRecords,
  convertResource,
  convertScope,
  indexedPaths,
  toBigInt,
  toBytes,
} from './protobuf-common';
import type { PbLogRecord, PbLogsRequest } from './protobuf-messages';

/** The model of a decoded ExportLogsServiceRequest; records that cannot be converted are dropped with an issue. */
export function logsFromProtobuf(message: PbLogsRequest, issues: ValidationIssue[]): ExportLogsServiceRequest {
  const resourceLogs: ResourceLogs[] = [];
  message.resourceLogs.forEach((item, r) => {
    const path = `resourceLogs[${r}]`;
    const recordPaths = (): string[] =>
      item.scopeLogs.flatMap((scope, s) => indexedPaths(`${path}.scopeLogs[${s}].logRecords`, scope.logRecords.length));
    const resource = convertContainer(() => convertResource(item.resource), `${path}.resource`, recordPaths, issues);
    if (resource === undefined) return;
    const scopeLogs: ScopeLogs[] = [];
    item.scopeLogs.forEach((scopeItem, s) => {
      const recordsPath = `${path}.scopeLogs[${s}].logRecords`;
      const scope = convertContainer(
        () => convertScope(scopeItem.scope),
        `${path}.scopeLogs[${s}].scope`,
        () => indexedPaths(recordsPath, scopeItem.logRecords.length),
        issues,
      );
      if (scope === undefined) return;
      const logRecords = convertRecords(scopeItem.logRecords, convertLogRecord, () => recordsPath, issues);
      scopeLogs.push({ scope: scope.value, logRecords, schemaUrl: scopeItem.schemaUrl });
    });
    resourceLogs.push({ resource: resource.value, scopeLogs, schemaUrl: item.schemaUrl });
  });
  return { resourceLogs };
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
