import { describe, expect, it } from 'vitest';
import { timeWindowOf, traceIdParam, traceIdsParam } from './zipkin-params';

const params = (values: Record<string, string>) => new URLSearchParams(values);

describe('timeWindowOf', () => {
  it('defaults to one day before now and covers the whole endTs millisecond', () => {
    expect(timeWindowOf(params({}), 100_000_000)).toEqual({ fromNs: 13_600_000n * 1_000_000n, toNs: 100_000_001n * 1_000_000n });
    expect(timeWindowOf(params({ endTs: '5000', lookback: '1000' }), 0)).toEqual({ fromNs: 4_000_000_000n, toNs: 5_001_000_000n });
    expect(timeWindowOf(params({ endTs: '5000', lookback: '9000' }), 0).fromNs).toBe(0n);
  });

  it('rejects bad numbers and a missing required endTs', () => {
    expect(() => timeWindowOf(params({ endTs: '12.5' }), 0)).toThrow('endTs must be an integer');
    expect(() => timeWindowOf(params({ lookback: '-1' }), 0)).toThrow('lookback must be an integer');
    expect(() => timeWindowOf(params({}), 0, true)).toThrow('endTs is required');
  });
});

describe('trace ids', () => {
  it('accepts 16 or 32 hex digits in any case, lower-cased', () => {
    expect(traceIdParam('5AF7183FB1D4CF5F')).toBe('5af7183fb1d4cf5f');
    expect(() => traceIdParam('5af7183fb1d4cf5')).toThrow('16 or 32 hex');
  });

  it('needs two unique ids for traceMany, a 64-bit id equal to its padded form', () => {
    expect(traceIdsParam(params({ traceIds: '5af7183fb1d4cf5f, 00000000000000015af7183fb1d4cf5f' }))).toEqual([
      '5af7183fb1d4cf5f',
      '00000000000000015af7183fb1d4cf5f',
    ]);
    expect(() => traceIdsParam(params({ traceIds: '5af7183fb1d4cf5f,00000000000000005af7183fb1d4cf5f' }))).toThrow('more than once');
    expect(() => traceIdsParam(params({ traceIds: '5af7183fb1d4cf5f' }))).toThrow('at least two');
  });
});
