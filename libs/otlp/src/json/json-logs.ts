import type { ValidationIssue } from '@prism/contract';
import type { ExportLogsServiceRequest, LogRecord, ResourceLogs, ScopeLogs } from '../model';
import { childPath } from '../shape-error';
import { asShapeError, readAnyValue, readKeyValues, readResource, readScope, recordPathsUnder, rejectContainer } from './json-common';
import {
  expectObject,
  fieldName,
  readArray,
  readHexId,
  readInt32,
  readInt64,
  readObject,
  readString,
  type JsonObject,
} from './json-fields';

const F = {
  resourceLogs: fieldName('resourceLogs'),
  scopeLogs: fieldName('scopeLogs'),
  logRecords: fieldName('logRecords'),
  schemaUrl: fieldName('schemaUrl'),
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

/**
 * An ExportLogsServiceRequest from parsed OTLP JSON. A log record with a malformed field is dropped
 * with an issue; a malformed resource or scope drops the records under it. Throws ShapeError only
 * when `resourceLogs` itself is not an array.
 */
export function logsFromJson(root: JsonObject, issues: ValidationIssue[]): ExportLogsServiceRequest {
  const items = readArray(root, F.resourceLogs, '');
  const resourceLogs: ResourceLogs[] = [];
  for (let r = 0; r < items.length; r++) {
    const path = childPath(F.resourceLogs.json, r);
    try {
      const item = expectObject(items[r], F.resourceLogs.json, r);
      const resource = readResource(item, path);
      const schemaUrl = readString(item, F.schemaUrl, path);
      const scopeItems = readArray(item, F.scopeLogs, path);
      const scopeLogs: ScopeLogs[] = [];
      for (let s = 0; s < scopeItems.length; s++) {
        const scope = readScopeLogs(scopeItems[s], childPath(path, F.scopeLogs.json), s, issues);
        if (scope !== undefined) scopeLogs.push(scope);
      }
      resourceLogs.push({ resource, scopeLogs, schemaUrl });
    } catch (error) {
      rejectContainer(issues, asShapeError(error), recordPathsUnder(items[r], path, [() => F.scopeLogs, () => F.logRecords]));
    }
  }
  return { resourceLogs };
}

function readScopeLogs(raw: unknown, listPath: string, index: number, issues: ValidationIssue[]): ScopeLogs | undefined {
  const path = childPath(listPath, index);
  let recordItems: readonly unknown[];
  let scopeLogs: ScopeLogs;
  try {
    const object = expectObject(raw, listPath, index);
    scopeLogs = { scope: readScope(object, path), logRecords: [], schemaUrl: readString(object, F.schemaUrl, path) };
    recordItems = readArray(object, F.logRecords, path);
  } catch (error) {
    rejectContainer(issues, asShapeError(error), recordPathsUnder(raw, path, [() => F.logRecords]));
    return undefined;
  }
  const recordsPath = childPath(path, F.logRecords.json);
  for (let i = 0; i < recordItems.length; i++) {
    try {
      scopeLogs.logRecords.push(readLogRecord(expectObject(recordItems[i], recordsPath, i), childPath(recordsPath, i)));
    } catch (error) {
      const shape = asShapeError(error);
      issues.push({ path: shape.path, message: shape.reason });
    }
  }
  return scopeLogs;
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
