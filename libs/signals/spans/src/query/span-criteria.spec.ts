import { describe, expect, it } from 'vitest';
import { caseInsensitivePattern, spanMatches, type SpanCriteria } from './span-criteria';
import type { ZipkinSpanJson } from './zipkin-json';

const window = { fromNs: 1_000_000_000n, toNs: 2_000_000_000n };
const span: ZipkinSpanJson = {
  traceId: '5af7183fb1d4cf5f',
  id: '000000000000000b',
  name: 'GET /Cart',
  timestamp: 1_500_000,
  duration: 1_500,
  localEndpoint: { serviceName: 'Checkout' },
  remoteEndpoint: { serviceName: 'payments' },
};
const criteria = (extra: Partial<SpanCriteria>): SpanCriteria => ({ annotations: [], window, ...extra });

describe('spanMatches', () => {
  it.each<[string, Partial<SpanCriteria>, boolean]>([
    ['no criteria', {}, true],
    ['names in another case', { serviceName: 'checkout', spanName: 'get /cart', remoteServiceName: 'PAYMENTS' }, true],
    ['other service', { serviceName: 'payments' }, false],
    ['remote service mismatch', { remoteServiceName: 'checkout' }, false],
    ['duration bounds inclusive', { minDuration: 1_500, maxDuration: 1_500 }, true],
    ['below minDuration', { minDuration: 1_501 }, false],
    ['above maxDuration', { maxDuration: 1_499 }, false],
    ['starts before window', { window: { fromNs: 1_500_000_001n, toNs: 2_000_000_000n } }, false],
    ['starts at window end', { window: { fromNs: 0n, toNs: 1_500_000_000n } }, false],
    ['missing tag', { annotations: [{ key: 'http.method' }] }, false],
  ])('%s → %s', (_label, extra, expected) => {
    expect(spanMatches(span, criteria(extra))).toBe(expected);
  });

  it('needs a duration for duration criteria', () => {
    expect(spanMatches({ ...span, duration: undefined }, criteria({ minDuration: 1 }))).toBe(false);
  });
});

describe('caseInsensitivePattern', () => {
  it('matches the name in any case and nothing else, escaping regex characters', () => {
    const pattern = caseInsensitivePattern('GET /a.b (v2)?') as string;
    const regex = new RegExp(pattern, 'u');
    expect(regex.test('get /A.B (V2)?')).toBe(true);
    expect(regex.test('get /aXb (v2)?')).toBe(false);
    expect(regex.test('xget /a.b (v2)?')).toBe(false);
    expect(new RegExp(caseInsensitivePattern('ß-Ä') as string, 'u').test('ß-ä')).toBe(true);
  });

  it('gives up past the length limit', () => {
    expect(caseInsensitivePattern('a'.repeat(100))).toBeUndefined();
  });
});
