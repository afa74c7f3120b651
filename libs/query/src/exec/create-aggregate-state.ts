import type { ResolvedAggregate } from '../plan/resolved-plan';
import { CountDistinctState, CountState, ExtremeState, PercentileState, SumState, type AggregateOptions, type AggregateState } from './aggregate-states';
import { HistogramQuantileState, RateState } from './metric-aggregates';

/**
 * A fresh state for `aggregate`. Kept apart from aggregate-states.ts, which owns the state
 * interface, so both kinds' files import that interface and nothing imports back.
 */
export function createAggregateState(aggregate: ResolvedAggregate, options: AggregateOptions): AggregateState {
  switch (aggregate.fn) {
    case 'count':
      return new CountState();
    case 'sum':
      return new SumState(false);
    case 'avg':
      return new SumState(true);
    case 'min':
      return new ExtremeState(-1);
    case 'max':
      return new ExtremeState(1);
    case 'percentile':
      return new PercentileState(aggregate.q as number);
    case 'count_distinct':
      return new CountDistinctState(options.exactDistinctLimit);
    case 'rate':
      return new RateState();
    case 'histogram_quantile':
      return new HistogramQuantileState(aggregate.q as number);
  }
}
