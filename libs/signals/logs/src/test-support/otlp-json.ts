import type { AnyValue, ExportLogsServiceRequest, InstrumentationScope, KeyValue, LogRecord, Resource } from '@prism/otlp';

// A test-only reading of OTLP JSON into the decoded model, enough for the example vectors, until
// @prism/otlp's decodeLogsRequest is available here. It trusts its input: no validation.

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The decoded model of an OTLP JSON logs request. */
export function logsRequestFromJson(json: Json): ExportLogsServiceRequest {
  return {
    resourceLogs: (json['resourceLogs'] ?? []).map((resourceLogs: Json) => ({
      resource: resourceFromJson(resourceLogs['resource']),
      schemaUrl: resourceLogs['schemaUrl'] ?? '',
      scopeLogs: (resourceLogs['scopeLogs'] ?? []).map((scopeLogs: Json) => ({
        scope: scopeFromJson(scopeLogs['scope']),
        schemaUrl: scopeLogs['schemaUrl'] ?? '',
        logRecords: (scopeLogs['logRecords'] ?? []).map(logRecordFromJson),
      })),
    })),
  };
}

function logRecordFromJson(record: Json): LogRecord {
  return {
    timeUnixNano: BigInt(record['timeUnixNano'] ?? 0),
    observedTimeUnixNano: BigInt(record['observedTimeUnixNano'] ?? 0),
    severityNumber: record['severityNumber'] ?? 0,
    severityText: record['severityText'] ?? '',
    body: record['body'] === undefined ? undefined : anyValueFromJson(record['body']),
    attributes: keyValuesFromJson(record['attributes']),
    droppedAttributesCount: record['droppedAttributesCount'] ?? 0,
    flags: record['flags'] ?? 0,
    traceId: Buffer.from(record['traceId'] ?? '', 'hex'),
    spanId: Buffer.from(record['spanId'] ?? '', 'hex'),
    eventName: record['eventName'] ?? '',
  };
}

export function resourceFromJson(resource: Json | undefined): Resource | undefined {
  if (resource === undefined) return undefined;
  return { attributes: keyValuesFromJson(resource['attributes']), droppedAttributesCount: resource['droppedAttributesCount'] ?? 0 };
}

export function scopeFromJson(scope: Json | undefined): InstrumentationScope | undefined {
  if (scope === undefined) return undefined;
  return {
    name: scope['name'] ?? '',
    version: scope['version'] ?? '',
    attributes: keyValuesFromJson(scope['attributes']),
    droppedAttributesCount: scope['droppedAttributesCount'] ?? 0,
  };
}

export function keyValuesFromJson(values: Json[] | undefined): KeyValue[] {
  return (values ?? []).map((kv) => ({ key: kv['key'], value: anyValueFromJson(kv['value'] ?? {}) }));
}

export function anyValueFromJson(value: Json): AnyValue {
  if ('stringValue' in value) return { kind: 'string', value: value['stringValue'] };
  if ('boolValue' in value) return { kind: 'bool', value: value['boolValue'] };
  if ('intValue' in value) return { kind: 'int', value: BigInt(value['intValue']) };
  if ('doubleValue' in value) return { kind: 'double', value: Number(value['doubleValue']) };
  if ('bytesValue' in value) return { kind: 'bytes', value: Buffer.from(value['bytesValue'], 'base64') };
  if ('arrayValue' in value) return { kind: 'array', values: (value['arrayValue']['values'] ?? []).map(anyValueFromJson) };
  if ('kvlistValue' in value) return { kind: 'kvlist', values: keyValuesFromJson(value['kvlistValue']['values']) };
  return { kind: 'empty' };
}
