import { rowsOf } from '@prism/contract';
import { describe, expect, it } from 'vitest';
import { encodeZipkinProto } from '../test-support/zipkin-proto-encoder';
import { zipkinFormat } from './zipkin-format';
import type { ZipkinSpan } from './zipkin-model';
import { batchToZipkinSpans } from './zipkin-span-writer';

const context = { tenantId: 'acme', ingestTs: 1_700_000_000_000_000_000n };

/** The OpenAPI example span plus every other field Zipkin v2 defines. */
const fullSpan: ZipkinSpan = {
  traceId: '5af7183fb1d4cf5f',
  parentId: '6b221d5bc9e6496c',
  id: '352bff9a74ca9ad2',
  kind: 'SERVER',
  name: 'get /api',
  timestamp: 1556604172355737,
  duration: 1431,
  localEndpoint: { serviceName: 'backend', ipv4: '192.168.99.1', port: 3306 },
  remoteEndpoint: { serviceName: 'frontend', ipv4: '172.19.0.2', ipv6: '2001:db8::c001', port: 58648 },
  annotations: [
    { timestamp: 1556604172355800, value: 'wr' },
    { timestamp: 1556604172356000, value: 'ws' },
  ],
  tags: { 'http.method': 'GET', 'http.path': '/api', error: 'timeout' },
  debug: true,
  shared: false,
};

const minimalSpans: ZipkinSpan[] = [
  { traceId: '4e441824ec2b6a44ffdc9bb9a6453df3', id: 'ffdc9bb9a6453df3' },
  { traceId: '00000000000000004e441824ec2b6a44', id: '0000000000000001', name: 'local', timestamp: 1, tags: { 'otel.status_code': 'OK' } },
  { traceId: '4e441824ec2b6a44', id: 'a6453df3ffdc9bb9', kind: 'PRODUCER', duration: 7 },
  { traceId: '4e441824ec2b6a44', id: 'a6453df3ffdc9bb8', kind: 'CONSUMER', remoteEndpoint: { serviceName: 'kafka' } },
  { traceId: '4e441824ec2b6a44', id: 'a6453df3ffdc9bb7', kind: 'CLIENT', localEndpoint: { ipv6: '::1' }, annotations: [{ timestamp: 5, value: 'x' }] },
];

function jsonBody(spans: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(spans));
}

function eventize(body: Uint8Array, contentType: string) {
  const result = zipkinFormat.eventize(body, contentType, context);
  if (!result.ok) throw result.error;
  return result.value;
}

describe('Zipkin v2 round trip', () => {
  it('brings JSON spans back exactly: lower-case hex, 16- and 32-digit trace ids, empty fields omitted', () => {
    const spans = [fullSpan, ...minimalSpans];
    const result = eventize(jsonBody(spans), 'application/json; charset=utf-8');
    expect(result.rejected).toEqual([]);
    expect(result.acceptedRecords).toBe(spans.length);
    expect(batchToZipkinSpans(result.batch)).toEqual(spans);
  });

  it('brings protobuf spans back as the equivalent JSON spans', () => {
    const spans = [fullSpan, ...minimalSpans].map((span) => ({ ...span, shared: span.shared === true ? true : undefined }));
    const expected = JSON.parse(JSON.stringify(spans)) as ZipkinSpan[];
    const result = eventize(encodeZipkinProto(expected), 'application/x-protobuf');
    expect(result.rejected).toEqual([]);
    expect(batchToZipkinSpans(result.batch)).toEqual(expected);
  });

  it('maps Zipkin fields onto the unified row model', () => {
    const rows = rowsOf(eventize(jsonBody([fullSpan]), 'application/json').batch);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({
      signal_type: 'span',
      trace_id: Uint8Array.from(Buffer.from('00000000000000005af7183fb1d4cf5f', 'hex')),
      trace_id_64bit: true,
      span_id: Uint8Array.from(Buffer.from('352bff9a74ca9ad2', 'hex')),
      parent_span_id: Uint8Array.from(Buffer.from('6b221d5bc9e6496c', 'hex')),
      'resource.service.name': 'backend',
      name: 'get /api',
      kind: 2n,
      timestamp: 1556604172355737000n,
      duration: 1431000n,
      end_timestamp: 1556604172357168000n,
      'status.code': 2n,
      'status.message': 'timeout',
      'span.attr.http.method': 'GET',
      'local_endpoint.ipv4': '192.168.99.1',
      'local_endpoint.port': 3306n,
      'remote_endpoint.service_name': 'frontend',
      debug: true,
      shared: false,
    });
    expect(rows[1]).toMatchObject({ signal_type: 'span_event', name: 'wr', timestamp: 1556604172355800000n, span_id: rows[0]['span_id'] });
  });

  it('files a span without timestamp under its ingest time and writes none back', () => {
    const rows = rowsOf(eventize(jsonBody([{ traceId: '4e441824ec2b6a44', id: 'a6453df3ffdc9bb9', duration: 3 }]), 'application/json').batch);
    expect(rows[0]).toMatchObject({ timestamp: context.ingestTs, timestamp_inferred: true, duration: 3000n });
    expect(rows[0]).not.toHaveProperty('end_timestamp');
  });
});
