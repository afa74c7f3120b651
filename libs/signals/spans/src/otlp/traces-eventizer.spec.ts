import { BaseColumn, rowsOf } from '@prism/contract';
import { describe, expect, it } from 'vitest';
import { PARENT_ID, SPAN_ID, TRACE_ID, attr, hex, makeSpan, requestOf } from '../test-support/otlp-fixtures';
import { eventizeTraces } from './traces-eventizer';

const context = { tenantId: 'acme', ingestTs: 1_700_000_000_000_000_000n };

describe('eventizeTraces', () => {
  it('writes one span row with trace context, resource, scope, timing and status', () => {
    const span = makeSpan({
      parentSpanId: PARENT_ID,
      traceState: 'vendor=1',
      flags: 0x101,
      attributes: [attr('http.status_code', 200n), attr('cache.hit', true)],
      status: { code: 2, message: 'boom' },
      droppedAttributesCount: 3,
    });
    const result = eventizeTraces(requestOf(span), context);
    expect(result.acceptedRecords).toBe(1);
    expect(result.rejected).toEqual([]);
    expect(rowsOf(result.batch)).toEqual([
      {
        tenant_id: 'acme',
        dataset: 'spans',
        signal_type: 'span',
        ingest_ts: context.ingestTs,
        'resource.service.name': 'checkout',
        'scope.name': 'my.library',
        'scope.version': '1.0.0',
        trace_id: TRACE_ID,
        span_id: SPAN_ID,
        trace_state: 'vendor=1',
        trace_flags: 1n,
        timestamp: 1_544_712_660_000_000_000n,
        parent_span_id: PARENT_ID,
        name: 'GET /users',
        kind: 2n,
        end_timestamp: 1_544_712_661_000_000_000n,
        duration: 1_000_000_000n,
        'status.code': 2n,
        'status.message': 'boom',
        flags: 0x101n,
        dropped_attributes_count: 3n,
        'span.attr.http.status_code': 200n,
        'span.attr.cache.hit': true,
      },
    ]);
  });

  it('writes each event as a span_event row linked by trace and span id', () => {
    const span = makeSpan({
      events: [{ timeUnixNano: 1_544_712_660_500_000_000n, name: 'exception', attributes: [attr('exception.type', 'Oops')], droppedAttributesCount: 0 }],
    });
    const rows = rowsOf(eventizeTraces(requestOf(span), { ...context, dataset: 'custom' }).batch);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toEqual({
      tenant_id: 'acme',
      dataset: 'custom',
      signal_type: 'span_event',
      ingest_ts: context.ingestTs,
      'resource.service.name': 'checkout',
      'scope.name': 'my.library',
      'scope.version': '1.0.0',
      trace_id: TRACE_ID,
      span_id: SPAN_ID,
      trace_flags: 0n,
      timestamp: 1_544_712_660_500_000_000n,
      name: 'exception',
      'span.attr.exception.type': 'Oops',
    });
  });

  it('keeps links as JSON text with hex ids and typed attribute values', () => {
    const span = makeSpan({
      links: [
        { traceId: TRACE_ID, spanId: PARENT_ID, traceState: 'a=b', attributes: [attr('n', 7n), attr('big', 2n ** 60n)], droppedAttributesCount: 0, flags: 1 },
      ],
    });
    const [row] = rowsOf(eventizeTraces(requestOf(span), context).batch);
    expect(JSON.parse(row['links'] as string)).toEqual([
      {
        trace_id: '5b8efff798038103d269b633813fc60c',
        span_id: 'eee19b7ec3c1b173',
        trace_state: 'a=b',
        attributes: { n: 7, big: '1152921504606846976' },
        flags: 1,
      },
    ]);
  });

  it('rejects invalid spans with their path and keeps valid siblings', () => {
    const request = requestOf(
      makeSpan(),
      makeSpan({ traceId: hex('0102030405') }),
      makeSpan({ spanId: new Uint8Array(8) }),
      makeSpan({ endTimeUnixNano: 1n }),
      makeSpan({ parentSpanId: hex('01') }),
      makeSpan({ kind: 9 }),
      makeSpan({ status: { code: 5, message: '' } }),
      makeSpan({ links: [{ traceId: new Uint8Array(16), spanId: SPAN_ID, traceState: '', attributes: [], droppedAttributesCount: 0, flags: 0 }] }),
      makeSpan({ startTimeUnixNano: 0n, endTimeUnixNano: 0n }),
      makeSpan({ name: 'also valid' }),
    );
    const result = eventizeTraces(request, context);
    const at = 'resourceSpans[0].scopeSpans[0].spans';
    expect(result.rejected).toEqual([
      { path: `${at}[1].traceId`, message: 'expected 16 bytes, got 5' },
      { path: `${at}[2].spanId`, message: 'must not be all zeros' },
      { path: `${at}[3].endTimeUnixNano`, message: 'before startTimeUnixNano (1 < 1544712660000000000)' },
      { path: `${at}[4].parentSpanId`, message: 'expected 8 bytes, got 1' },
      { path: `${at}[5].kind`, message: 'unknown span kind 9' },
      { path: `${at}[6].status.code`, message: 'unknown status code 5' },
      { path: `${at}[7].links[0].traceId`, message: 'must not be all zeros' },
      { path: `${at}[8].startTimeUnixNano`, message: 'required' },
    ]);
    expect(result.acceptedRecords).toBe(2);
    expect(rowsOf(result.batch).map((row) => row['name'])).toEqual(['GET /users', 'also valid']);
  });

  it('puts a second value type of one attribute key into its own column', () => {
    const request = requestOf(makeSpan({ attributes: [attr('http.status_code', 200n)] }), makeSpan({ attributes: [attr('http.status_code', '200')] }));
    const rows = rowsOf(eventizeTraces(request, context).batch);
    expect(rows[0]['span.attr.http.status_code']).toBe(200n);
    expect(rows[1]['span.attr.http.status_code']).toBeUndefined();
    expect(rows[1]['span.attr.http.status_code#string']).toBe('200');
  });

  it('stores arrays and maps as JSON text and copies resource and scope columns to every span', () => {
    const request = requestOf(
      makeSpan({
        attributes: [
          {
            key: 'tags',
            value: {
              kind: 'array',
              values: [
                { kind: 'string', value: 'a' },
                { kind: 'int', value: 2n },
              ],
            },
          },
        ],
      }),
      makeSpan({ attributes: [{ key: 'empty', value: { kind: 'empty' } }] }),
    );
    request.resourceSpans[0].scopeSpans[0].scope?.attributes.push(attr('scope.flag', true));
    const rows = rowsOf(eventizeTraces(request, context).batch);
    expect(rows[0]['span.attr.tags']).toBe('["a",2]');
    expect(rows[1]).not.toHaveProperty('span.attr.empty');
    for (const row of rows) {
      expect(row['resource.service.name']).toBe('checkout');
      expect(row['scope.scope.flag']).toBe(true);
    }
    expect(rows.map((row) => row[BaseColumn.signalType])).toEqual(['span', 'span']);
  });

  it('handles a request without resource or scope', () => {
    const request = { resourceSpans: [{ resource: undefined, schemaUrl: '', scopeSpans: [{ scope: undefined, schemaUrl: '', spans: [makeSpan()] }] }] };
    const [row] = rowsOf(eventizeTraces(request, context).batch);
    expect(row).not.toHaveProperty('resource.service.name');
    expect(row).not.toHaveProperty('scope.name');
    expect(row['name']).toBe('GET /users');
  });
});
