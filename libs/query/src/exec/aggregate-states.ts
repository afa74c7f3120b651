import type { RowValue } from '@prism/contract';
import { compareComparable, type Comparable } from '../plan/literals';
import type { ResolvedAggregate } from '../plan/resolved-plan';
import type { AggregateInputs } from './aggregate-inputs';
import { DistinctCounter } from './distinct-counter';
import { HistogramQuantileState, RateState } from './metric-aggregates';
import { PercentileAccumulator } from './percentile-state';

/** What a group's result may depend on beside its rows. */
export interface ResultContext {
  /** The group's time window: its bucket width, else the query's time range; for delta rates. */
  windowNs: bigint | undefined;
}

/** One aggregate's running state for one group. */
export interface AggregateState {
  /** Adds a row; returns the bytes of memory it added (for the memory budget). */
  add(row: number, inputs: AggregateInputs): number;
  result(context: ResultContext): RowValue;
}

/** Options of aggregate states. */
export interface AggregateOptions {
  /** Distinct values counted exactly per group before switching to HyperLogLog. */
  exactDistinctLimit: number;
}

/** A fresh state for `aggregate`. */
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

class CountState implements AggregateState {
  private count = 0;
  add(): number {
    this.count++;
    return 0;
  }
  result(): RowValue {
    return this.count;
  }
}

/** Sum or average of the non-null numeric cells; null when there were none. */
class SumState implements AggregateState {
  private sum = 0;
  private count = 0;
  constructor(private readonly average: boolean) {}
  add(row: number, inputs: AggregateInputs): number {
    const value = inputs.value.number(row);
    if (value !== null) {
      this.sum += value;
      this.count++;
    }
    return 0;
  }
  result(): RowValue {
    if (this.count === 0) return null;
    return this.average ? this.sum / this.count : this.sum;
  }
}

/** Min (sign -1) or max (sign 1) of the non-null cells, in the column's own type. */
class ExtremeState implements AggregateState {
  private best: Comparable | null = null;
  private bestValue: RowValue = null;
  constructor(private readonly sign: 1 | -1) {}
  add(row: number, inputs: AggregateInputs): number {
    const cell = inputs.value.comparable(row);
    if (cell === null) return 0;
    if (typeof cell === 'number' && Number.isNaN(cell)) return 0;
    if (this.best === null || compareComparable(cell, this.best) * this.sign > 0) {
      this.best = cell;
      this.bestValue = inputs.value.value(row);
    }
    return 0;
  }
  result(): RowValue {
    return this.bestValue;
  }
}

/** Percentiles: exact for small groups, a bulk-built t-digest for large ones (see PercentileAccumulator). */
class PercentileState implements AggregateState {
  private readonly values: PercentileAccumulator;
  constructor(q: number) {
    this.values = new PercentileAccumulator(q);
  }
  add(row: number, inputs: AggregateInputs): number {
    const value = inputs.value.number(row);
    return value === null ? 0 : this.values.add(value);
  }
  result(): RowValue {
    return this.values.result();
  }
}

class CountDistinctState implements AggregateState {
  private readonly counter: DistinctCounter;
  constructor(exactLimit: number) {
    this.counter = new DistinctCounter(exactLimit);
  }
  add(row: number, inputs: AggregateInputs): number {
    const cell = inputs.value.comparable(row);
    if (cell === null) return 0;
    const key = typeof cell === 'string' ? cell : String(cell);
    return this.counter.add(key) ? 48 + key.length * 2 : 0;
  }
  result(): RowValue {
    return this.counter.count();
  }
}
