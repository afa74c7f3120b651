import { describe, expect, it } from 'vitest';
import { dependencyLinksOf } from './dependency-links';
import type { ZipkinSpanJson } from './zipkin-json';

const trace = '0000000000000001';
function span(id: string, service: string, fields: Partial<ZipkinSpanJson> = {}): ZipkinSpanJson {
  return { traceId: trace, id, localEndpoint: { serviceName: service }, ...fields };
}

describe('dependencyLinksOf', () => {
  it('links client → server through parent ids (OTLP style, one span per side)', () => {
    const links = dependencyLinksOf([
      span('a', 'web', { kind: 'SERVER' }),
      span('b', 'web', { kind: 'CLIENT', parentId: 'a' }),
      span('c', 'api', { kind: 'SERVER', parentId: 'b', tags: { error: 'boom' } }),
      span('d', 'api', { parentId: 'c' }),
    ]);
    expect(links).toEqual([{ parent: 'web', child: 'api', callCount: 1, errorCount: 1 }]);
  });

  it('links the halves of a shared span once, and children of the shared id to the server side', () => {
    const links = dependencyLinksOf([
      span('a', 'web', { kind: 'SERVER' }),
      span('b', 'web', { kind: 'CLIENT', parentId: 'a', remoteEndpoint: { serviceName: 'api' }, tags: { error: '' } }),
      span('b', 'api', { kind: 'SERVER', parentId: 'a', shared: true }),
      span('c', 'api', { kind: 'CLIENT', parentId: 'b', remoteEndpoint: { serviceName: 'db' } }),
    ]);
    expect(links).toEqual([
      { parent: 'api', child: 'db', callCount: 1, errorCount: 0 },
      { parent: 'web', child: 'api', callCount: 1, errorCount: 1 },
    ]);
  });

  it('links uninstrumented peers through remote endpoints (client → server, broker → consumer)', () => {
    const links = dependencyLinksOf([
      span('a', 'worker', { kind: 'CONSUMER', remoteEndpoint: { serviceName: 'kafka' } }),
      span('b', 'worker', { kind: 'PRODUCER', parentId: 'a', remoteEndpoint: { serviceName: 'kafka' } }),
      span('c', 'gateway', { kind: 'SERVER', traceId: '0000000000000002', remoteEndpoint: { serviceName: 'browser' } }),
    ]);
    expect(links).toEqual([
      { parent: 'browser', child: 'gateway', callCount: 1, errorCount: 0 },
      { parent: 'kafka', child: 'worker', callCount: 1, errorCount: 0 },
      { parent: 'worker', child: 'kafka', callCount: 1, errorCount: 0 },
    ]);
  });

  it('counts calls per trace and ignores spans of one service or without one', () => {
    const calls = ['0000000000000001', '0000000000000002', '00000000000000000000000000000003'].flatMap((traceId) => [
      span('a', 'web', { traceId, kind: 'SERVER' }),
      span('b', 'api', { traceId, kind: 'SERVER', parentId: 'a' }),
      { traceId, id: 'c', parentId: 'b' },
      span('d', 'api', { traceId, parentId: 'b' }),
    ]);
    expect(dependencyLinksOf(calls)).toEqual([{ parent: 'web', child: 'api', callCount: 3, errorCount: 0 }]);
  });
});
