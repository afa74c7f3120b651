import { describe, expect, it } from 'vitest';
import { rowsToZipkinSpans } from './zipkin-span-writer';

const traceId = Uint8Array.from(Buffer.from('4bf92f3577b34da6a3ce929d0e0e4736', 'hex'));
const spanId = Uint8Array.from(Buffer.from('00f067aa0ba902b7', 'hex'));
const base = { signal_type: 'span', trace_id: traceId, span_id: spanId, timestamp: 1_000_000n, kind: 1n, 'status.code': 2n };

describe('rowsToZipkinSpans', () => {
  it('writes typed attributes as tag text, strips type-variant suffixes and rounds durations up', () => {
    const [span] = rowsToZipkinSpans([
      {
        ...base,
        duration: 1n,
        'span.attr.code#string': 'E1',
        'span.attr.payload': Uint8Array.from([1, 2, 3]),
        'span.attr.ratio': 0.25,
        'span.attr.error': 'kept',
      },
    ]);
    expect(span).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      id: '00f067aa0ba902b7',
      timestamp: 1000,
      duration: 1,
      tags: { code: 'E1', payload: 'AQID', ratio: '0.25', error: 'kept' },
    });
  });

  it('ignores event rows without a span row and keeps span-row order', () => {
    const other = Uint8Array.from(Buffer.from('00f067aa0ba902b8', 'hex'));
    const spans = rowsToZipkinSpans([
      { signal_type: 'span_event', trace_id: traceId, span_id: other, timestamp: 5_000n, name: 'orphan' },
      { ...base, span_id: other, 'status.code': 0n, name: 'second' },
      { ...base, 'status.code': 0n, name: 'first', kind: 5n },
      { signal_type: 'log', trace_id: traceId, span_id: spanId },
    ]);
    expect(spans.map((span) => [span.name, span.kind, span.annotations])).toEqual([
      ['second', undefined, [{ timestamp: 5, value: 'orphan' }]],
      ['first', 'CONSUMER', undefined],
    ]);
  });
});
