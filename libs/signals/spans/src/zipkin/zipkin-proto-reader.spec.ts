import { describe, expect, it } from 'vitest';
import { ListOfSpansType } from './zipkin-proto-schema';
import { readZipkinProto } from './zipkin-proto-reader';

function body(spans: object[]): Uint8Array {
  return ListOfSpansType.encode(ListOfSpansType.fromObject({ spans })).finish();
}

const traceId = Uint8Array.from(Buffer.from('4e441824ec2b6a44', 'hex'));
const id = Uint8Array.from(Buffer.from('a6453df3ffdc9bb9', 'hex'));

describe('readZipkinProto', () => {
  it('reads ids as hex, IPs as text and treats proto3 defaults as absent', () => {
    const result = readZipkinProto(
      body([
        {
          traceId,
          id,
          name: '',
          kind: 'CLIENT',
          timestamp: '1556604172355737',
          localEndpoint: { ipv4: Uint8Array.from([10, 0, 0, 1]), ipv6: Uint8Array.from([0x20, 1, 0x0d, 0xb8, ...new Array(11).fill(0), 1]) },
        },
      ]),
    );
    expect(result).toEqual({
      ok: true,
      issues: [],
      value: [
        {
          traceId: '4e441824ec2b6a44',
          id: 'a6453df3ffdc9bb9',
          kind: 'CLIENT',
          timestamp: 1556604172355737,
          localEndpoint: { ipv4: '10.0.0.1', ipv6: '2001:db8::1' },
        },
      ],
    });
  });

  it('reports wrong id and address lengths with the span path', () => {
    const result = readZipkinProto(
      body([
        { traceId, id },
        { traceId: traceId.subarray(0, 5), id },
        { traceId, id: id.subarray(0, 4) },
        { traceId },
        { traceId, id, parentId: Uint8Array.from([1]) },
        { traceId, id, remoteEndpoint: { ipv4: Uint8Array.from([1, 2, 3]) } },
        { traceId, id: new Uint8Array(8) },
      ]),
    );
    expect(result.ok && result.issues).toEqual([
      { path: 'spans[1].traceId', message: 'expected 8 or 16 bytes, got 5' },
      { path: 'spans[2].id', message: 'expected 8 bytes, got 4' },
      { path: 'spans[3].id', message: 'expected 8 bytes, got 0' },
      { path: 'spans[4].parentId', message: 'expected 8 bytes, got 1' },
      { path: 'spans[5].remoteEndpoint.ipv4', message: 'expected 4 bytes, got 3' },
      { path: 'spans[6].id', message: 'must not be all zeros' },
    ]);
    expect(result.ok && result.value).toHaveLength(1);
  });
});
