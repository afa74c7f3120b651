import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeLogsRequest, decodeMetricsRequest, decodeTracesRequest } from './decode-requests';
import { hexToBytes } from './ids';
import { otlpTypes } from './proto/otlp-types';
import { modelToProtobufObject } from './test-support/model-to-protobuf';
import type protobuf from 'protobufjs';

const fixture = (name: string): Uint8Array => readFileSync(join(import.meta.dirname, '../test-data', name));
const JSON_TYPE = 'application/json';
const PROTOBUF_TYPE = 'application/x-protobuf';

function reencode(type: protobuf.Type, model: unknown): Uint8Array {
  return type.encode(type.fromObject(modelToProtobufObject(model) as Record<string, unknown>)).finish();
}

describe('OTLP JSON examples', () => {
  it('decodes trace.json and its protobuf re-encoding to the same model', () => {
    const json = decodeTracesRequest(fixture('trace.json'), JSON_TYPE);
    if (!json.ok) throw json.error;
    expect(json.issues).toEqual([]);
    const span = json.value.resourceSpans[0].scopeSpans[0].spans[0];
    expect(span.traceId).toEqual(hexToBytes('5b8efff798038103d269b633813fc60c'));
    expect(span.spanId).toEqual(hexToBytes('eee19b7ec3c1b174'));
    expect(span.startTimeUnixNano).toBe(1544712660000000000n);
    expect(span.endTimeUnixNano).toBe(1544712661000000000n);
    expect(span.kind).toBe(2);
    expect(span.status).toBeUndefined();
    expect(span.attributes).toEqual([{ key: 'my.span.attr', value: { kind: 'string', value: 'some value' } }]);
    expect(json.value.resourceSpans[0].scopeSpans[0].scope?.version).toBe('1.0.0');

    const protobuf = decodeTracesRequest(reencode(otlpTypes().traceRequest, json.value), PROTOBUF_TYPE);
    expect(protobuf).toEqual(json);
  });

  it('decodes logs.json with every attribute type, and its protobuf re-encoding', () => {
    const json = decodeLogsRequest(fixture('logs.json'), JSON_TYPE);
    if (!json.ok) throw json.error;
    expect(json.issues).toEqual([]);
    const record = json.value.resourceLogs[0].scopeLogs[0].logRecords[0];
    expect(record.severityNumber).toBe(10);
    expect(record.body).toEqual({ kind: 'string', value: 'Example log record' });
    expect(record.attributes.map((a) => a.value)).toEqual([
      { kind: 'string', value: 'some string' },
      { kind: 'bool', value: true },
      { kind: 'int', value: 10n },
      { kind: 'double', value: 637.704 },
      {
        kind: 'array',
        values: [
          { kind: 'string', value: 'many' },
          { kind: 'string', value: 'values' },
        ],
      },
      { kind: 'kvlist', values: [{ key: 'some.map.key', value: { kind: 'string', value: 'some value' } }] },
    ]);

    const protobuf = decodeLogsRequest(reencode(otlpTypes().logsRequest, json.value), PROTOBUF_TYPE);
    expect(protobuf).toEqual(json);
  });

  it('decodes events.json (event name, kvlist body) and its protobuf re-encoding', () => {
    const json = decodeLogsRequest(fixture('events.json'), JSON_TYPE);
    if (!json.ok) throw json.error;
    const record = json.value.resourceLogs[0].scopeLogs[0].logRecords[0];
    expect(record.eventName).toBe('browser.page_view');
    expect(record.traceId).toEqual(new Uint8Array(0));
    expect(record.body?.kind).toBe('kvlist');

    const protobuf = decodeLogsRequest(reencode(otlpTypes().logsRequest, json.value), PROTOBUF_TYPE);
    expect(protobuf).toEqual(json);
  });

  it('decodes metrics.json (sum, gauge, histogram, exponential histogram) and its protobuf re-encoding', () => {
    const json = decodeMetricsRequest(fixture('metrics.json'), JSON_TYPE);
    if (!json.ok) throw json.error;
    expect(json.issues).toEqual([]);
    const [sum, gauge, histogram, exponential] = json.value.resourceMetrics[0].scopeMetrics[0].metrics;
    expect(sum.data).toMatchObject({ kind: 'sum', aggregationTemporality: 1, isMonotonic: true });
    expect(sum.data?.dataPoints[0]).toMatchObject({ value: { kind: 'double', value: 5 }, startTimeUnixNano: 1544712660300000000n });
    expect(gauge.data?.dataPoints[0]).toMatchObject({ value: { kind: 'double', value: 10 }, startTimeUnixNano: 0n });
    expect(histogram.data?.dataPoints[0]).toMatchObject({
      count: 2n,
      sum: 2,
      bucketCounts: [1n, 1n],
      explicitBounds: [1],
      min: 0,
      max: 2,
    });
    expect(exponential.data?.dataPoints[0]).toMatchObject({
      count: 3n,
      zeroCount: 1n,
      scale: 0,
      positive: { offset: 1, bucketCounts: [0n, 2n] },
      negative: undefined,
      zeroThreshold: 0,
    });

    const protobuf = decodeMetricsRequest(reencode(otlpTypes().metricsRequest, json.value), PROTOBUF_TYPE);
    expect(protobuf).toEqual(json);
  });
});
