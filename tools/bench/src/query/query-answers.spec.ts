import { describe, expect, it } from 'vitest';
import { AnswerMismatchError, checkAggregate, checkSearch, checkSearchCount, checkTraceRows, topServices } from './query-answers';

const exact = new Map([
  ['service-0', { spans: 1000, quantile: 100 }],
  ['service-1', { spans: 400, quantile: 80 }],
  ['service-9', { spans: 12, quantile: 50 }],
]);

describe('answer checks', () => {
  it('trace rows must match the workload on both sides', () => {
    expect(() => checkTraceRows('ab', 9, 9, 9)).not.toThrow();
    expect(() => checkTraceRows('ab', 9, 9, 0)).toThrow(AnswerMismatchError);
    expect(() => checkTraceRows('ab', 9, 8, 9)).toThrow(/prism returned 8/);
  });

  it('search answers must be the same spans in the same order, within the limit', () => {
    expect(() => checkSearch(['a', 'b'], ['a', 'b'], 20)).not.toThrow();
    expect(() => checkSearch(['a', 'b'], ['b', 'a'], 20)).toThrow(AnswerMismatchError);
    expect(() => checkSearch(['a'], ['a', 'b'], 20)).toThrow(AnswerMismatchError);
    expect(() => checkSearch([], [], 20)).toThrow(/expected 1\.\.20/);
    expect(() => checkSearch(['a', 'b', 'c'], ['a', 'b', 'c'], 2)).toThrow(AnswerMismatchError);
  });

  it('search counts must agree and be non-zero', () => {
    expect(() => checkSearchCount(31, 31)).not.toThrow();
    expect(() => checkSearchCount(31, 30)).toThrow(/prism counts 31/);
    expect(() => checkSearchCount(0, 0)).toThrow(/matches no span/);
  });

  it('aggregates need the same groups and counts, and quantiles within tolerance for large groups', () => {
    const close = new Map([
      ['service-0', { spans: 1000, quantile: 103 }],
      ['service-1', { spans: 400, quantile: 79 }],
      ['service-9', { spans: 12, quantile: 90 }],
    ]);
    // service-9 is too small for its quantile to be compared; the worst compared error is 3%.
    expect(checkAggregate(close, exact, 0.05)).toBeCloseTo(0.03);
    expect(() => checkAggregate(close, exact, 0.02)).toThrow(/service-0/);
    expect(() => checkAggregate(new Map([...close, ['service-9', { spans: 11, quantile: 50 }]]), exact)).toThrow(/prism counts 11 spans/);
    expect(() => checkAggregate(new Map([...close].slice(0, 2)), exact)).toThrow(/2 services/);
    expect(() => checkAggregate(new Map([...close.entries()].map(([, v], i) => [`other-${i}`, v])), exact)).toThrow(/no group for service-0/);
  });

  it('top services are ranked by span count', () => {
    expect(topServices(exact, 2)).toEqual(['service-0', 'service-1']);
  });
});
