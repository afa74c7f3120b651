import type { BuiltinAggregateFn } from '@prism/contract';
import type { ResolvedAggregate } from '../plan/resolved-plan';
import { CountDistinctState, CountState, ExtremeState, PercentileState, SumState, type AggregateOptions, type AggregateState } from './aggregate-states';

/**
 * A fresh state for `aggregate`: a built-in one, or the state of the signal plug-in that declares
 * it (e.g. the metrics signal's `rate`). Kept apart from aggregate-states.ts, so that file holds
 * the built-in kinds only.
 */
export function createAggregateState(aggregate: ResolvedAggregate, options: AggregateOptions): AggregateState {
  if (aggregate.plugin !== undefined) return aggregate.plugin.create(aggregate.q);
  switch (aggregate.fn as BuiltinAggregateFn) {
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
  }
}
