import { ContentType } from '@prism/contract';
import { bytesToHex, decodeTracesRequest, encodeTracesResponse, type ExportTraceServiceRequest } from '@prism/otlp';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../harness';
import { spansRequest } from '../workloads/otlp-workload';
import { rejectedSpans, spanIdOffsets, withIdVariant } from './otlp-wire';

const body = spansRequest({ random: seededRandom(3), services: 5, operations: 20 }, 24);

function decode(bytes: Uint8Array): ExportTraceServiceRequest {
  const decoded = decodeTracesRequest(bytes, ContentType.protobuf);
  if (!decoded.ok) throw decoded.error;
  return decoded.value;
}

const spansOf = (request: ExportTraceServiceRequest) => request.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));

describe('OTLP wire helpers for the ingest benchmark', () => {
  it('finds every trace, span and parent id (roots have no parent)', () => {
    const spans = spansOf(decode(body));
    const parents = spans.filter((span) => span.parentSpanId.length > 0).length;
    expect(spans).toHaveLength(24);
    expect(parents).toBe(21);
    expect(spanIdOffsets(body)).toHaveLength(24 * 2 + parents);
  });

  it('makes a copy with new ids, keeping parent links and everything else', () => {
    const offsets = spanIdOffsets(body);
    const original = spansOf(decode(body));
    const variant = spansOf(decode(withIdVariant(body, offsets, 0x01020304)));
    expect(spansOf(decode(body))).toEqual(original); // the original is untouched
    for (let index = 0; index < original.length; index++) {
      const [before, after] = [original[index], variant[index]];
      expect(bytesToHex(after.traceId)).not.toBe(bytesToHex(before.traceId));
      expect(bytesToHex(after.spanId).slice(8)).toBe(bytesToHex(before.spanId).slice(8));
      expect(after.traceId[0]).toBe(before.traceId[0] ^ 0x01);
      expect(after.spanId[3]).toBe(before.spanId[3] ^ 0x04);
      expect({ ...after, traceId: 0, spanId: 0, parentSpanId: 0 }).toEqual({ ...before, traceId: 0, spanId: 0, parentSpanId: 0 });
    }
    const ids = new Set(variant.map((span) => bytesToHex(span.spanId)));
    for (const span of variant) if (span.parentSpanId.length > 0) expect(ids.has(bytesToHex(span.parentSpanId))).toBe(true);
  });

  it('gives distinct bodies for distinct variants and the original for variant 0', () => {
    const offsets = spanIdOffsets(body);
    expect(Buffer.compare(withIdVariant(body, offsets, 0), Buffer.from(body))).toBe(0);
    expect(Buffer.compare(withIdVariant(body, offsets, 1), withIdVariant(body, offsets, 2))).not.toBe(0);
  });

  it('reads rejected spans from the server answer', () => {
    expect(rejectedSpans(encodeTracesResponse(undefined, ContentType.protobuf))).toBe(0);
    expect(rejectedSpans(encodeTracesResponse({ rejected: 7, errorMessage: 'bad ids' }, ContentType.protobuf))).toBe(7);
    expect(rejectedSpans(encodeTracesResponse({ rejected: 0, errorMessage: 'warning only' }, ContentType.protobuf))).toBe(0);
  });

  it('refuses a truncated body', () => {
    expect(() => spanIdOffsets(body.subarray(0, body.length - 3))).toThrow(RangeError);
  });
});
