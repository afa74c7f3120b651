import { ContentType, decodeAndEventize } from '@prism/contract';
import { describe, expect, it } from 'vitest';
import { spansSignal } from '../spans-signal';
import { zipkinFormat } from './zipkin-format';
import type { ZipkinSpan } from './zipkin-model';
import { ZIPKIN_OUTPUT_FORMAT, zipkinOutputFormat } from './zipkin-output-format';

const context = { tenantId: 'acme', ingestTs: 1n };
const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe('zipkinOutputFormat', () => {
  it('is the spans signal output format named zipkin-v2', () => {
    expect(spansSignal.query.outputFormats?.find((format) => format.name === ZIPKIN_OUTPUT_FORMAT)).toBe(zipkinOutputFormat);
  });

  it('renders Zipkin-ingested rows back exactly', () => {
    const spans: ZipkinSpan[] = [
      {
        traceId: '5af7183fb1d4cf5f',
        id: '352bff9a74ca9ad2',
        parentId: '6b221d5bc9e6496c',
        kind: 'CLIENT',
        name: 'get /api',
        timestamp: 1556604172355737,
        duration: 1431,
        localEndpoint: { serviceName: 'frontend', ipv4: '192.168.99.1' },
        remoteEndpoint: { serviceName: 'backend', port: 9000 },
        annotations: [{ timestamp: 1556604172355800, value: 'ws' }],
        tags: { 'http.method': 'GET', 'peer.service': 'ignored-when-remote-endpoint-is-set' },
      },
    ];
    const result = zipkinFormat.eventize(encode(spans), ContentType.json, context);
    if (!result.ok) throw result.error;
    expect(zipkinOutputFormat.render(result.value.batch)).toEqual(spans);
  });

  it('keeps the annotations of each half of a shared span with that half', () => {
    const client: ZipkinSpan = {
      traceId: '5af7183fb1d4cf5f',
      id: '000000000000000b',
      kind: 'CLIENT',
      timestamp: 10,
      localEndpoint: { serviceName: 'frontend' },
      annotations: [{ timestamp: 11, value: 'ws' }],
    };
    const server: ZipkinSpan = {
      ...client,
      kind: 'SERVER',
      timestamp: 12,
      shared: true,
      localEndpoint: { serviceName: 'backend' },
      annotations: [{ timestamp: 13, value: 'wr' }],
    };
    const result = zipkinFormat.eventize(encode([client, server]), ContentType.json, context);
    if (!result.ok) throw result.error;
    expect(zipkinOutputFormat.render(result.value.batch)).toEqual([client, server]);
  });

  it('names the remote service of OTLP spans from peer.service and maps kind, status and events', () => {
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: '5b8efff798038103d269b633813fc60c',
                  spanId: 'eee19b7ec3c1b174',
                  name: 'charge',
                  kind: 3,
                  startTimeUnixNano: '1700000000000000000',
                  endTimeUnixNano: '1700000000002000000',
                  attributes: [{ key: 'peer.service', value: { stringValue: 'payments' } }],
                  status: { code: 2, message: 'declined' },
                  events: [{ name: 'retry', timeUnixNano: '1700000000001000000' }],
                },
              ],
            },
          ],
        },
      ],
    };
    const result = decodeAndEventize(spansSignal.ingest, encode(body), ContentType.json, context);
    if (!result.ok) throw result.error;
    expect(zipkinOutputFormat.render(result.value.batch)).toEqual([
      {
        traceId: '5b8efff798038103d269b633813fc60c',
        id: 'eee19b7ec3c1b174',
        kind: 'CLIENT',
        name: 'charge',
        timestamp: 1700000000000000,
        duration: 2000,
        localEndpoint: { serviceName: 'checkout' },
        remoteEndpoint: { serviceName: 'payments' },
        annotations: [{ timestamp: 1700000000001000, value: 'retry' }],
        tags: { 'peer.service': 'payments', 'otel.status_code': 'ERROR', error: 'declined' },
      },
    ]);
  });
});
