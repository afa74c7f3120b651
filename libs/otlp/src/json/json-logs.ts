import type { ValidationIssue } from '@prism/contract';
import type { ExportLogsServiceRequest, LogRecord, ResourceLogs, ScopeLogs } from '../model';
import { childPath } from '../shape-error';
import { readAnyValue, readKeyValues } from './json-common';
import { fieldName, readHexId, readInt32, readInt64, readObject, readString, type JsonObject } from './json-fields';
import { walkResourceScopes, type JsonSignalLayout } from './json-walk';

const F = {
  resourceLogs: fieldName('resourceLogs'),
  scopeLogs: fieldName('scopeLogs'),
  logRecords: fieldName('logRecords'),
  timeUnixNano: fieldName('timeUnixNano'),
  observedTimeUnixNano: fieldName('observedTimeUnixNano'),
  severityNumber: fieldName('severityNumber'),
  severityText: fieldName('severityText'),
  body: fieldName('body'),
  attributes: fieldName('attributes'),
  droppedAttributesCount: fieldName('droppedAttributesCount'),
  flags: fieldName('flags'),
  traceId: fieldName('traceId'),
  spanId: fieldName('spanId'),
  eventName: fieldName('eventName'),
};

const LAYOUT: JsonSignalLayout<LogRecord, ScopeLogs, ResourceLogs> = {
  resources: F.resourceLogs,
  scopes: F.scopeLogs,
  records: F.logRecords,
  rowSteps: [],
  readRecord: readLogRecord,
  scopeGroup: (scope, logRecords, schemaUrl) => ({ scope, logRecords, schemaUrl }),
  resourceGroup: (resource, scopeLogs, schemaUrl) => ({ resource, scopeLogs, schemaUrl }),
};

/**
 * An ExportLogsServiceRequest from parsed OTLP JSON. A log record with a malformed field is dropped
 * with an issue; a malformed resource or scope drops the records under it. Throws ShapeError only
 * when `resourceLogs` itself is not an array.
 */
export function logsFromJson(root: JsonObject, issues: ValidationIssue[]): ExportLogsServiceRequest {
  return { resourceLogs: walkResourceScopes(root, LAYOUT, issues) };
}

function readLogRecord(object: JsonObject, path: string): LogRecord {
  const body = readObject(object, F.body, path);
  return {
    timeUnixNano: readInt64(object, F.timeUnixNano, path, true),
    observedTimeUnixNano: readInt64(object, F.observedTimeUnixNano, path, true),
    severityNumber: readInt32(object, F.severityNumber, path, false),
    severityText: readString(object, F.severityText, path),
    body: body === undefined ? undefined : readAnyValue(body, childPath(path, F.body.json), 1),
    attributes: readKeyValues(object, F.attributes, path),
    droppedAttributesCount: readInt32(object, F.droppedAttributesCount, path, true),
    flags: readInt32(object, F.flags, path, true),
    traceId: readHexId(object, F.traceId, path),
    spanId: readHexId(object, F.spanId, path),
    eventName: readString(object, F.eventName, path),
  };
}
