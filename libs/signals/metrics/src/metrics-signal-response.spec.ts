import { describe, expect, it } from 'vitest';
import { metricsSignal } from './metrics-signal';

describe('metricsSignal export responses', () => {
  it('answers JSON requests in JSON, with partial success only when records were rejected', () => {
    const decode = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    expect(decode(metricsSignal.ingest.encodeExportResponse(undefined, 'application/json'))).toEqual({});
    expect(decode(metricsSignal.ingest.encodeExportResponse({ rejected: 3, errorMessage: 'bad ids' }, 'application/json'))).toEqual({
      partialSuccess: { rejectedDataPoints: '3', errorMessage: 'bad ids' },
    });
  });

  it('answers protobuf requests in protobuf', () => {
    expect(metricsSignal.ingest.encodeExportResponse(undefined, 'application/x-protobuf').byteLength).toBe(0);
    const partial = metricsSignal.ingest.encodeExportResponse({ rejected: 3, errorMessage: 'bad ids' }, 'application/x-protobuf');
    // ExportPartialSuccess is field 1 (length-delimited): rejected count = field 1 varint, message = field 2.
    expect(Array.from(partial.subarray(0, 4))).toEqual([0x0a, 11, 0x08, 3]);
    expect(new TextDecoder().decode(partial.subarray(6))).toBe('bad ids');
  });
});
