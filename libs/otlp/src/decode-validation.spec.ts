import { describe, expect, it } from 'vitest';
import { decodeLogsRequest, decodeMetricsRequest, decodeTracesRequest } from './decode-requests';
import { otlpTypes } from './proto/otlp-types';
import { MAX_ANY_VALUE_DEPTH } from './shape-error';

const JSON_TYPE = 'application/json; charset=utf-8';
const bytes = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));
const span = (extra: Record<string, unknown> = {}) => ({
  traceId: '5B8EFFF798038103D269B633813FC60C',
  spanId: 'eee19b7ec3c1b174',
  name: 'ok',
  startTimeUnixNano: '1',
  ...extra,
});
const traces = (spans: unknown[], extra: Record<string, unknown> = {}) => ({
  resourceSpans: [{ scopeSpans: [{ scope: { name: 's' } }, { spans, ...extra }] }],
});

describe('decoding rejections', () => {
  it('drops only the span with a malformed field, with a precise path', () => {
    const spans = [span(), span({ traceId: 'xyz' }), span({ startTimeUnixNano: 'abc' }), span({ name: 'kept' })];
    const result = decodeTracesRequest(bytes(traces(spans)), JSON_TYPE);
    if (!result.ok) throw result.error;
    expect(result.value.resourceSpans[0].scopeSpans[1].spans.map((s) => s.name)).toEqual(['ok', 'kept']);
    expect(result.issues).toEqual([
      { path: 'resourceSpans[0].scopeSpans[1].spans[1].traceId', message: 'expected hex, got "xyz"' },
      { path: 'resourceSpans[0].scopeSpans[1].spans[2].startTimeUnixNano', message: 'expected uint64, got "abc"' },
    ]);
  });

  it('reports attribute values of the wrong type at their path', () => {
    const attributes = [{ key: 'a', value: { intValue: 'ten' } }];
    const result = decodeTracesRequest(bytes(traces([span({ attributes })])), JSON_TYPE);
    if (!result.ok) throw result.error;
    expect(result.issues).toEqual([{ path: 'resourceSpans[0].scopeSpans[1].spans[0].attributes[0].value.intValue', message: 'expected int64, got "ten"' }]);
  });

  it('drops every record under a malformed resource, one issue each', () => {
    const request = {
      resourceSpans: [{ resource: { attributes: 'nope' }, scopeSpans: [{ spans: [span(), span()] }] }, { scopeSpans: [{ spans: [span()] }] }],
    };
    const result = decodeTracesRequest(bytes(request), JSON_TYPE);
    if (!result.ok) throw result.error;
    expect(result.value.resourceSpans).toHaveLength(1);
    expect(result.issues.map((issue) => issue.path)).toEqual(['resourceSpans[0].scopeSpans[0].spans[0]', 'resourceSpans[0].scopeSpans[0].spans[1]']);
    expect(result.issues[0].message).toBe('dropped with its container: resourceSpans[0].resource.attributes: expected array, got "nope"');
  });

  it('drops a log record whose body nests deeper than the cap', () => {
    let body: Record<string, unknown> = { stringValue: 'leaf' };
    for (let i = 0; i < MAX_ANY_VALUE_DEPTH + 5; i++) body = { arrayValue: { values: [body] } };
    const request = { resourceLogs: [{ scopeLogs: [{ logRecords: [{ body }, { body: { boolValue: true } }] }] }] };
    const result = decodeLogsRequest(bytes(request), JSON_TYPE);
    if (!result.ok) throw result.error;
    expect(result.value.resourceLogs[0].scopeLogs[0].logRecords).toHaveLength(1);
    expect(result.issues[0].message).toBe(`nesting deeper than ${MAX_ANY_VALUE_DEPTH} levels`);
    expect(result.issues[0].path.startsWith('resourceLogs[0].scopeLogs[0].logRecords[0].body.arrayValue.values[0]')).toBe(true);
  });

  it('drops a data point with a bad bucket count and keeps the others', () => {
    const point = (counts: unknown[]) => ({ count: '2', bucketCounts: counts, explicitBounds: [1] });
    const request = {
      resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'h', histogram: { dataPoints: [point(['1', '1']), point(['1', -1])] } }] }] }],
    };
    const result = decodeMetricsRequest(bytes(request), JSON_TYPE);
    if (!result.ok) throw result.error;
    expect(result.value.resourceMetrics[0].scopeMetrics[0].metrics[0].data?.dataPoints).toHaveLength(1);
    expect(result.issues).toEqual([
      {
        path: 'resourceMetrics[0].scopeMetrics[0].metrics[0].histogram.dataPoints[1].bucketCounts[1]',
        message: 'expected uint64, got -1',
      },
    ]);
  });

  it('accepts snake_case keys, numbers for int64, NaN strings, base64 bytes and ignores unknown fields', () => {
    const request = {
      resource_logs: [
        {
          scope_logs: [
            {
              log_records: [
                {
                  time_unix_nano: 1_000,
                  trace_id: '00112233445566778899aabbccddeeff',
                  body: { bytes_value: 'AQID' },
                  attributes: [{ key: 'd', value: { doubleValue: 'NaN' } }],
                  somethingNew: { x: 1 },
                },
              ],
            },
          ],
        },
      ],
    };
    const result = decodeLogsRequest(bytes(request), 'application/json');
    if (!result.ok) throw result.error;
    const record = result.value.resourceLogs[0].scopeLogs[0].logRecords[0];
    expect(record.timeUnixNano).toBe(1000n);
    expect(record.traceId).toHaveLength(16);
    expect(record.body).toEqual({ kind: 'bytes', value: new Uint8Array([1, 2, 3]) });
    expect(record.attributes[0].value).toEqual({ kind: 'double', value: NaN });
  });

  it('rejects an unsupported content type', () => {
    const result = decodeTracesRequest(bytes({}), 'text/plain');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toBe('Content-Type: unsupported content type "text/plain"');
  });

  it('rejects a body that is not JSON, not an object, or has a non-array top-level list', () => {
    const notJson = decodeTracesRequest(new TextEncoder().encode('{"resourceSpans": ['), JSON_TYPE);
    expect(!notJson.ok && notJson.error.message.startsWith('invalid JSON')).toBe(true);
    const notObject = decodeLogsRequest(bytes([1, 2]), JSON_TYPE);
    expect(!notObject.ok && notObject.error.message).toBe('expected a JSON object at the top level, got array');
    const notArray = decodeMetricsRequest(bytes({ resourceMetrics: 5 }), JSON_TYPE);
    expect(!notArray.ok && notArray.error.path).toBe('resourceMetrics');
    const badUtf8 = decodeTracesRequest(new Uint8Array([0x7b, 0xff, 0x7d]), JSON_TYPE);
    expect(badUtf8.ok).toBe(false);
  });

  it('rejects truncated protobuf as a whole', () => {
    const type = otlpTypes().traceRequest;
    const valid = type.encode(type.fromObject({ resourceSpans: [{ scopeSpans: [{ spans: [{ name: 'abc', traceId: new Uint8Array(16) }] }] }] })).finish();
    expect(decodeTracesRequest(valid, 'application/x-protobuf').ok).toBe(true);
    const truncated = decodeTracesRequest(valid.subarray(0, valid.length - 3), 'application/x-protobuf');
    expect(!truncated.ok && truncated.error.message).toMatch(/^invalid protobuf: /);
  });
});
