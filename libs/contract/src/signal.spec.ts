import { describe, expect, it } from 'vitest';
import { RowBatchBuilder } from './row-batch-builder';
import type { Signal } from './signal';
import { decodeAndEventize, type EventizeContext, type EventizeResult } from './signal-ingest';
import { DecodeError, type DecodeResult } from './validation';

/** A toy signal: the body is comma-separated numbers; "x" is an invalid record. */
function toySignal(direct?: Signal<string[]>['ingest']['eventizeDirect']): Signal<string[]> {
  const eventize = (records: string[], context: EventizeContext): EventizeResult => {
    const builder = new RowBatchBuilder();
    for (const record of records) {
      builder.startRow();
      builder.setString('tenant_id', context.tenantId);
      builder.setInt64('value', BigInt(record));
    }
    return { batch: builder.build(), acceptedRecords: records.length, rejected: [] };
  };
  return {
    name: 'toys',
    signalType: 'toy',
    defaultDataset: 'toys',
    attributePrefix: 'toy.attr.',
    ingest: {
      otlpPath: '/v1/toys',
      contentTypes: ['text/plain'],
      decode(body): DecodeResult<string[]> {
        const text = new TextDecoder().decode(body);
        if (text === '') return { ok: false, error: new DecodeError('empty body') };
        const parts = text.split(',');
        const issues = parts.flatMap((part, index) => (/^\d+$/.test(part) ? [] : [{ path: `[${index}]`, message: `expected digits, got "${part}"` }]));
        return { ok: true, value: parts.filter((part) => /^\d+$/.test(part)), issues };
      },
      eventize,
      eventizeDirect: direct,
      encodeExportResponse: (partial) => new TextEncoder().encode(JSON.stringify(partial ?? {})),
      extraFormats: [],
    },
    indexing: { dictionary: [], bloom: [] },
    query: { columnAliases: {}, defaultColumns: [], knownColumns: {} },
  };
}

const context = { tenantId: 't1', ingestTs: 1n };
const body = (text: string) => new TextEncoder().encode(text);

describe('decodeAndEventize', () => {
  it('merges the records rejected while decoding with the rows eventized', () => {
    const result = decodeAndEventize(toySignal().ingest, body('1,x,3'), 'text/plain', context);
    if (!result.ok) throw result.error;
    expect(result.value.acceptedRecords).toBe(2);
    expect(result.value.rejected).toEqual([{ path: '[1]', message: 'expected digits, got "x"' }]);
  });

  it('passes a whole-body decode error through', () => {
    const result = decodeAndEventize(toySignal().ingest, body(''), 'text/plain', context);
    expect(result.ok).toBe(false);
  });

  it('uses the single-pass path when it accepts the body and falls back when it declines', () => {
    const seen: string[] = [];
    const signal = toySignal((raw) => {
      const text = new TextDecoder().decode(raw);
      seen.push(text);
      if (text.includes('x')) return undefined;
      const builder = new RowBatchBuilder();
      builder.startRow();
      builder.setString('direct', text);
      return { batch: builder.build(), acceptedRecords: 1, rejected: [] };
    });
    const direct = decodeAndEventize(signal.ingest, body('1,2'), 'text/plain', context);
    const fallback = decodeAndEventize(signal.ingest, body('1,x'), 'text/plain', context);
    expect(seen).toEqual(['1,2', '1,x']);
    if (!direct.ok || !fallback.ok) throw new Error('expected both to succeed');
    expect(direct.value.batch.schema.fields.map((field) => field.name)).toEqual(['direct']);
    expect(fallback.value.rejected).toHaveLength(1);
    expect(fallback.value.acceptedRecords).toBe(1);
  });
});
