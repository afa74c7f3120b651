import { describe, expect, it } from 'vitest';
import { encodeZipkinProto } from '../test-support/zipkin-proto-encoder';
import { zipkinFormat } from './zipkin-format';
import { readZipkinJson } from './zipkin-json-reader';

const context = { tenantId: 'acme', ingestTs: 1n };
const valid = { traceId: '4e441824ec2b6a44', id: 'a6453df3ffdc9bb9' };
const jsonBody = (spans: unknown[]) => new TextEncoder().encode(JSON.stringify(spans));

function issuesOf(spans: unknown[]) {
  const result = readZipkinJson(jsonBody(spans));
  if (!result.ok) throw result.error;
  return { issues: result.issues, kept: result.value.length };
}

describe('Zipkin v2 validation', () => {
  it('reports each bad span with the path of its first bad field and keeps the valid ones', () => {
    const { issues, kept } = issuesOf([
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
      { ...valid, timestamp: '1700000000000000' },
      { ...valid, timestamp: 1.5 },
      { ...valid, id: 'NOT-HEX' },
    ]);
    expect(issues).toEqual([
      { path: 'spans[1].traceId', message: 'expected 16 or 32 lower-case hex digits' },
      { path: 'spans[2].traceId', message: 'expected 16 or 32 lower-case hex digits' },
      { path: 'spans[3].traceId', message: 'must not be all zeros' },
      { path: 'spans[4].id', message: 'required' },
      { path: 'spans[5].parentId', message: 'expected 16 lower-case hex digits' },
      { path: 'spans[6].kind', message: 'expected CLIENT, SERVER, PRODUCER or CONSUMER' },
      { path: 'spans[7].timestamp', message: 'expected epoch microseconds, a positive integer' },
      { path: 'spans[8].duration', message: 'expected microseconds, an integer of at least 1' },
      { path: 'spans[9].localEndpoint.port', message: 'expected a port number (0-65535)' },
      { path: 'spans[10].annotations[1].value', message: 'expected a string' },
      { path: 'spans[11].tags.http.status_code', message: 'expected a string' },
      { path: 'spans[12]', message: 'expected a span object' },
      { path: 'spans[14].timestamp', message: 'expected epoch microseconds, a positive integer' },
      { path: 'spans[15].timestamp', message: 'expected epoch microseconds, a positive integer' },
      { path: 'spans[16].id', message: 'expected 16 lower-case hex digits' },
    ]);
    expect(kept).toBe(2);
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

describe('zipkinFormat (POST /api/v2/spans)', () => {
  it('rejects a list whose ids are not hex, naming the fields (issue #17)', () => {
    const result = zipkinFormat.eventize(
      jsonBody([{ traceId: 'xyz', id: 'NOT-HEX', name: 'x', timestamp: 1700000000000000, duration: 5, localEndpoint: { serviceName: 's' } }]),
      'application/json',
      context,
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatchObject({
      name: 'DecodeError',
      message: '1 of 1 spans are invalid, so none was accepted: spans[0].traceId: expected 16 or 32 lower-case hex digits',
    });
  });

  it('takes a list whole or not at all: one bad span rejects its valid siblings too', () => {
    const result = zipkinFormat.eventize(jsonBody([valid, { ...valid, id: undefined }, valid, { ...valid, timestamp: 'soon' }]), 'application/json', context);
    expect(!result.ok && result.error.message).toBe(
      '2 of 4 spans are invalid, so none was accepted: spans[1].id: required; spans[3].timestamp: expected epoch microseconds, a positive integer',
    );
  });

  it('rejects a protobuf list with a bad span the same way', () => {
    const good = { ...valid, name: 'get', timestamp: 1_700_000_000_000_000 };
    const body = encodeZipkinProto([good, { ...good, traceId: '0000000000000000' }]);
    const result = zipkinFormat.eventize(body, 'application/x-protobuf', context);
    expect(!result.ok && result.error.message).toBe('1 of 2 spans are invalid, so none was accepted: spans[1].traceId: must not be all zeros');
  });

  it('accepts a list of valid spans, and an empty list, with nothing rejected', () => {
    const result = zipkinFormat.eventize(jsonBody([valid, { ...valid, id: 'a6453df3ffdc9bb8', parentId: valid.id }]), 'application/json', context);
    expect(result.ok && { accepted: result.value.acceptedRecords, rejected: result.value.rejected, rows: result.value.batch.numRows }).toEqual({
      accepted: 2,
      rejected: [],
      rows: 2,
    });
    const empty = zipkinFormat.eventize(jsonBody([]), 'application/json', context);
    expect(empty.ok && empty.value.acceptedRecords).toBe(0);
  });
});
