import { describe, expect, it } from 'vitest';
import { zipkinFormat } from './zipkin-format';

const context = { tenantId: 'acme', ingestTs: 1n };
const valid = { traceId: '4e441824ec2b6a44', id: 'a6453df3ffdc9bb9' };

function issuesOf(spans: unknown[]) {
  const result = zipkinFormat.eventize(new TextEncoder().encode(JSON.stringify(spans)), 'application/json', context);
  if (!result.ok) throw result.error;
  return { rejected: result.value.rejected, accepted: result.value.acceptedRecords };
}

describe('Zipkin v2 validation', () => {
  it('rejects bad spans with their path and keeps the valid ones', () => {
    const { rejected, accepted } = issuesOf([
      valid,
      { ...valid, traceId: '4E441824EC2B6A44' },
      { ...valid, traceId: '4e441824ec2b6a4' },
      { ...valid, traceId: '0000000000000000' },
      { ...valid, id: undefined },
      { ...valid, parentId: 'abc' },
      { ...valid, kind: 'INTERNAL' },
      { ...valid, timestamp: -5 },
      { ...valid, duration: 0 },
      { ...valid, localEndpoint: { port: 70000 } },
      { ...valid, annotations: [{ timestamp: 1, value: 'ok' }, { timestamp: 2 }] },
      { ...valid, tags: { 'http.status_code': 200 } },
      'not a span',
      { ...valid, name: null, debug: null },
    ]);
    expect(rejected).toEqual([
      { path: '[1].traceId', message: 'expected 16 or 32 lower-case hex digits' },
      { path: '[2].traceId', message: 'expected 16 or 32 lower-case hex digits' },
      { path: '[3].traceId', message: 'must not be all zeros' },
      { path: '[4].id', message: 'required' },
      { path: '[5].parentId', message: 'expected 16 lower-case hex digits' },
      { path: '[6].kind', message: 'expected CLIENT, SERVER, PRODUCER or CONSUMER' },
      { path: '[7].timestamp', message: 'expected epoch microseconds, a positive integer' },
      { path: '[8].duration', message: 'expected microseconds, an integer of at least 1' },
      { path: '[9].localEndpoint.port', message: 'expected a port number (0-65535)' },
      { path: '[10].annotations[1].value', message: 'expected a string' },
      { path: '[11].tags.http.status_code', message: 'expected a string' },
      { path: '[12]', message: 'expected a span object' },
    ]);
    expect(accepted).toBe(2);
  });

  it('fails the whole body when it is not a JSON list', () => {
    const notJson = zipkinFormat.eventize(new TextEncoder().encode('[{'), 'application/json', context);
    expect(notJson.ok).toBe(false);
    if (!notJson.ok) expect(notJson.error.message).toMatch(/^invalid JSON/);
    const notList = zipkinFormat.eventize(new TextEncoder().encode('{"traceId":"x"}'), 'application/json', context);
    expect(!notList.ok && notList.error.message).toBe('expected a JSON array of spans');
  });

  it('fails a body that is not protobuf, and an unknown content type', () => {
    const garbage = zipkinFormat.eventize(Uint8Array.from([0x0a, 0xff, 0xff, 0xff]), 'application/x-protobuf', context);
    expect(!garbage.ok && garbage.error.name).toBe('DecodeError');
    const text = zipkinFormat.eventize(new Uint8Array(0), 'text/plain', context);
    expect(!text.ok && text.error.message).toBe('unsupported content type "text/plain"');
  });
});
