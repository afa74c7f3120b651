import { describe, expect, it } from 'vitest';
import { parseAnnotationQuery, spanMatchesAnnotations } from './annotation-query';
import type { ZipkinSpanJson } from './zipkin-json';

const span: ZipkinSpanJson = {
  traceId: '5af7183fb1d4cf5f',
  id: '000000000000000b',
  annotations: [{ timestamp: 1, value: 'retried' }],
  tags: { 'http.uri': '/foo', 'http.method': 'GET', error: '' },
};

describe('parseAnnotationQuery', () => {
  it('splits terms on " and " (any case) and key=value at the first "="', () => {
    expect(parseAnnotationQuery('http.uri=/foo and retried AND q=a=b and  error ')).toEqual([
      { key: 'http.uri', value: '/foo' },
      { key: 'retried' },
      { key: 'q', value: 'a=b' },
      { key: 'error' },
    ]);
    expect(parseAnnotationQuery('brand=')).toEqual([{ key: 'brand', value: '' }]);
  });

  it('keeps "and" inside a word and rejects a term without a key', () => {
    expect(parseAnnotationQuery('android')).toEqual([{ key: 'android' }]);
    expect(() => parseAnnotationQuery('=GET')).toThrow('has no key');
  });
});

describe('spanMatchesAnnotations', () => {
  it.each([
    ['http.uri=/foo and retried', true],
    ['http.method=GET and error', true],
    ['error=', true],
    ['http.method=get', false],
    ['retried=x', false],
    ['missing', false],
    ['http.uri=/foo and missing', false],
  ])('%s → %s', (query, expected) => {
    expect(spanMatchesAnnotations(span, parseAnnotationQuery(query))).toBe(expected);
  });

  it('matches a bare word against annotation values and tag keys, not tag values', () => {
    expect(spanMatchesAnnotations(span, [{ key: 'GET' }])).toBe(false);
    expect(spanMatchesAnnotations({ traceId: span.traceId, id: span.id }, [])).toBe(true);
  });
});
