import { ContentType, decodeAndEventize, rowsOf } from '@prism/contract';
import { describe, expect, it } from 'vitest';
import { spansSignal } from './spans-signal';

const context = { tenantId: 'acme', ingestTs: 1n };
const encoder = new TextEncoder();

describe('spansSignal', () => {
  it('declares the spans plug-in', () => {
    expect(spansSignal).toMatchObject({
      name: 'spans',
      signalType: 'span',
      defaultDataset: 'spans',
      attributePrefix: 'span.attr.',
    });
    expect(spansSignal.ingest).toMatchObject({
      otlpPath: '/v1/traces',
      contentTypes: [ContentType.protobuf, ContentType.json],
    });
    expect(spansSignal.ingest.extraFormats.map((format) => [format.path, format.contentTypes])).toEqual([
      ['/api/v2/spans', [ContentType.json, ContentType.protobuf]],
    ]);
    expect(spansSignal.indexing.bloom).toContain('trace_id');
    expect(spansSignal.query.columnAliases['service']).toBe('resource.service.name');
    for (const column of [...spansSignal.query.defaultColumns, ...spansSignal.indexing.dictionary, ...Object.values(spansSignal.query.columnAliases)]) {
      expect(spansSignal.query.knownColumns).toHaveProperty([column]);
    }
  });

  it('decodes and eventizes an OTLP JSON body, reporting the bad span', () => {
    const span = { spanId: 'eee19b7ec3c1b174', name: 'x', startTimeUnixNano: '1', endTimeUnixNano: '2' };
    const body = {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                { ...span, traceId: '5b8efff798038103d269b633813fc60c' },
                { ...span, traceId: '5b8e' },
              ],
            },
          ],
        },
      ],
    };
    const result = decodeAndEventize(spansSignal.ingest, encoder.encode(JSON.stringify(body)), ContentType.json, context);
    if (!result.ok) throw result.error;
    expect(result.value.acceptedRecords).toBe(1);
    expect(result.value.rejected).toEqual([{ path: 'resourceSpans[0].scopeSpans[0].spans[1].traceId', message: 'expected 16 bytes, got 2' }]);
    expect(rowsOf(result.value.batch)[0]).toMatchObject({ name: 'x', duration: 1n });
  });
});
