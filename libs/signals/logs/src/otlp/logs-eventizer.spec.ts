import { rowsOf } from '@prism/contract';
import type { AnyValue, ExportLogsServiceRequest, LogRecord } from '@prism/otlp';
import { describe, expect, it } from 'vitest';
import { eventizeLogs } from './logs-eventizer';

const context = { tenantId: 't1', ingestTs: 999n };
const traceId = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
const spanId = Uint8Array.from({ length: 8 }, (_, i) => i + 0xa0);

function record(overrides: Partial<LogRecord> = {}): LogRecord {
  return {
    timeUnixNano: 100n,
    observedTimeUnixNano: 0n,
    severityNumber: 0,
    severityText: '',
    body: undefined,
    attributes: [],
    droppedAttributesCount: 0,
    flags: 0,
    traceId: new Uint8Array(),
    spanId: new Uint8Array(),
    eventName: '',
    ...overrides,
  };
}

function request(...scopes: LogRecord[][]): ExportLogsServiceRequest {
  return {
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { kind: 'string', value: 'api' } }], droppedAttributesCount: 0 },
        schemaUrl: '',
        scopeLogs: scopes.map((logRecords, index) => ({
          scope: { name: `scope-${index}`, version: '', attributes: [], droppedAttributesCount: 0 },
          schemaUrl: '',
          logRecords,
        })),
      },
    ],
  };
}

function rowsFor(...records: LogRecord[]) {
  return rowsOf(eventizeLogs(request(records), context).batch);
}

describe('eventizeLogs', () => {
  it('writes the base columns and leaves proto3 defaults null', () => {
    expect(rowsFor(record())).toEqual([
      {
        tenant_id: 't1',
        dataset: 'logs',
        signal_type: 'log',
        timestamp: 100n,
        ingest_ts: 999n,
        'resource.service.name': 'api',
        'scope.name': 'scope-0',
      },
    ]);
  });

  it('uses the dataset of the context when given', () => {
    const result = eventizeLogs(request([record()]), { ...context, dataset: 'audit' });
    expect(rowsOf(result.batch)[0]['dataset']).toBe('audit');
  });

  it('falls back to the observed time, then the ingest time, when the event time is 0', () => {
    const rows = rowsFor(record({ timeUnixNano: 0n, observedTimeUnixNano: 50n }), record({ timeUnixNano: 0n }));
    expect(rows.map((row) => [row['timestamp'], row['observed_timestamp']])).toEqual([
      [50n, 50n],
      [999n, undefined],
    ]);
  });

  it.each<[string, AnyValue, Record<string, unknown>]>([
    ['string', { kind: 'string', value: 'hello' }, { body: 'hello' }],
    ['empty string', { kind: 'string', value: '' }, { body: '' }],
    ['int', { kind: 'int', value: -(2n ** 63n) }, { 'body#int64': -(2n ** 63n) }],
    ['double', { kind: 'double', value: 2.5 }, { 'body#double': 2.5 }],
    ['bool', { kind: 'bool', value: false }, { 'body#bool': false }],
    ['bytes', { kind: 'bytes', value: new Uint8Array([0xde, 0xad]) }, { 'body#bytes': new Uint8Array([0xde, 0xad]) }],
    ['array', { kind: 'array', values: [{ kind: 'int', value: 1n }, { kind: 'string', value: 'x' }, { kind: 'empty' }] }, { 'body#json': '[1,"x",null]' }],
    [
      'kvlist',
      { kind: 'kvlist', values: [{ key: 'k', value: { kind: 'kvlist', values: [{ key: 'n', value: { kind: 'double', value: 1.5 } }] } }] },
      { 'body#json': '{"k":{"n":1.5}}' },
    ],
  ])('stores a %s body in the column of its type', (_, body, expected) => {
    const [row] = rowsFor(record({ body }));
    const bodyCells = Object.fromEntries(Object.entries(row).filter(([column]) => column.startsWith('body')));
    expect(bodyCells).toEqual(expected);
  });

  it('keeps `body` a string column even when a typed body comes first', () => {
    const result = eventizeLogs(request([record({ body: { kind: 'int', value: 7n } }), record({ body: { kind: 'string', value: 's' } })]), context);
    const types = Object.fromEntries(result.batch.schema.fields.map((field) => [field.name, field.metadata.get('prism.type')]));
    expect(types['body']).toBe('string');
    expect(types['body#int64']).toBe('int64');
  });

  it('writes no body for an absent or empty body', () => {
    const rows = rowsFor(record(), record({ body: { kind: 'empty' } }));
    expect(rows.every((row) => Object.keys(row).every((column) => !column.startsWith('body')))).toBe(true);
  });

  it('writes severity, event name, attributes of every type and the dropped count', () => {
    const [row] = rowsFor(
      record({
        severityNumber: 17,
        severityText: 'ERROR',
        eventName: 'app.crash',
        droppedAttributesCount: 3,
        attributes: [
          { key: 's', value: { kind: 'string', value: 'v' } },
          { key: 'i', value: { kind: 'int', value: 42n } },
          { key: 'd', value: { kind: 'double', value: 0.5 } },
          { key: 'b', value: { kind: 'bool', value: true } },
          { key: 'e', value: { kind: 'empty' } },
        ],
      }),
    );
    expect(row).toMatchObject({
      severity_number: 17n,
      severity_text: 'ERROR',
      event_name: 'app.crash',
      dropped_attributes_count: 3n,
      'log.attr.s': 'v',
      'log.attr.i': 42n,
      'log.attr.d': 0.5,
      'log.attr.b': true,
    });
    expect(row).not.toHaveProperty('log.attr.e');
  });

  it('writes trace context with the low byte of flags as trace flags', () => {
    const [row] = rowsFor(record({ traceId, spanId, flags: 0x101 }));
    expect(row).toMatchObject({ trace_id: traceId, span_id: spanId, trace_flags: 1n });
  });

  it('reads all-zero ids as absent', () => {
    const [row] = rowsFor(record({ traceId: new Uint8Array(16), spanId: new Uint8Array(8) }));
    expect(row).not.toHaveProperty('trace_id');
    expect(row).not.toHaveProperty('span_id');
    expect(row).not.toHaveProperty('trace_flags');
  });

  it('rejects a record with a malformed id, with its path, and keeps the others', () => {
    const result = eventizeLogs(
      request([record({ traceId })], [record(), record({ traceId: new Uint8Array(5) }), record({ traceId, spanId: new Uint8Array(16) })]),
      context,
    );
    expect(result.acceptedRecords).toBe(2);
    expect(result.batch.numRows).toBe(2);
    expect(result.rejected).toEqual([
      { path: 'resourceLogs[0].scopeLogs[1].logRecords[1].traceId', message: 'expected 16 bytes, got 5' },
      { path: 'resourceLogs[0].scopeLogs[1].logRecords[2].spanId', message: 'expected 8 bytes, got 16' },
    ]);
  });

  it('gives each row the resource and scope it came from', () => {
    const rows = rowsOf(
      eventizeLogs(
        {
          resourceLogs: [
            { ...request([record()]).resourceLogs[0] },
            {
              resource: undefined,
              schemaUrl: '',
              scopeLogs: [
                {
                  scope: { name: 'lib', version: '2', attributes: [{ key: 'k', value: { kind: 'bool', value: true } }], droppedAttributesCount: 0 },
                  schemaUrl: '',
                  logRecords: [record(), record()],
                },
              ],
            },
          ],
        },
        context,
      ).batch,
    );
    expect(rows.map((row) => [row['resource.service.name'], row['scope.name'], row['scope.version'], row['scope.k']])).toEqual([
      ['api', 'scope-0', undefined, undefined],
      [undefined, 'lib', '2', true],
      [undefined, 'lib', '2', true],
    ]);
  });
});
