import { describe, expect, it } from 'vitest';
import { encodeLogsResponse, encodeMetricsResponse, encodeStatus, encodeTracesResponse } from './encode-responses';
import { otlpTypes } from './proto/otlp-types';

const text = (body: Uint8Array): unknown => JSON.parse(new TextDecoder().decode(body));

describe('response encoders', () => {
  it('writes full success as an empty message', () => {
    expect(encodeTracesResponse(undefined, 'application/x-protobuf')).toHaveLength(0);
    expect(text(encodeTracesResponse(undefined, 'application/json'))).toEqual({});
  });

  it('writes partial success in JSON with int64 as a string', () => {
    expect(text(encodeTracesResponse({ rejected: 2, errorMessage: 'bad ids' }, 'application/json'))).toEqual({
      partialSuccess: { rejectedSpans: '2', errorMessage: 'bad ids' },
    });
    expect(text(encodeLogsResponse({ rejected: 1n, errorMessage: '' }, 'application/json'))).toEqual({
      partialSuccess: { rejectedLogRecords: '1' },
    });
    expect(text(encodeMetricsResponse({ rejected: 0, errorMessage: 'warning' }, 'application/json'))).toEqual({
      partialSuccess: { errorMessage: 'warning' },
    });
  });

  it('writes partial success in protobuf that decodes back', () => {
    const { metricsResponse } = otlpTypes();
    const body = encodeMetricsResponse({ rejected: 7, errorMessage: 'nope' }, 'application/x-protobuf');
    const decoded = metricsResponse.toObject(metricsResponse.decode(body), { longs: String });
    expect(decoded).toEqual({ partialSuccess: { rejectedDataPoints: '7', errorMessage: 'nope' } });
  });

  it('writes a google.rpc.Status in both encodings', () => {
    const status = { code: 3, message: 'invalid JSON', details: [{ typeUrl: 'type.example/x', value: new Uint8Array([1, 2]) }] };
    expect(text(encodeStatus(status, 'application/json'))).toEqual({
      code: 3,
      message: 'invalid JSON',
      details: [{ '@type': 'type.example/x', value: 'AQI=' }],
    });
    const { rpcStatus } = otlpTypes();
    const decoded = rpcStatus.toObject(rpcStatus.decode(encodeStatus(status, 'application/x-protobuf')));
    expect(decoded.code).toBe(3);
    expect(decoded.message).toBe('invalid JSON');
    expect(decoded.details[0].typeUrl).toBe('type.example/x');
    expect(new Uint8Array(decoded.details[0].value)).toEqual(new Uint8Array([1, 2]));
  });
});
