import type { AggregateState, RowValue } from '@prism/contract';
import { compareComparable, type Comparable } from '../plan/literals';
import type { AggregateInputs } from './aggregate-inputs';
import { DistinctCounter } from './distinct-counter';
import { PercentileAccumulator } from './percentile-state';

/** One aggregate's running state for one group: the contract's interface, which plug-ins implement too. */
export type { AggregateState } from '@prism/contract';

/** Options of aggregate states. */
export interface AggregateOptions {
  /** Distinct values counted exactly per group before switching to HyperLogLog. */
  exactDistinctLimit: number;
}

/** Rows in the group. */
export class CountState implements AggregateState {
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
export class SumState implements AggregateState {
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
export class ExtremeState implements AggregateState {
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
export class PercentileState implements AggregateState {
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

/** Distinct non-null values: exact up to a limit, then HyperLogLog (see DistinctCounter). */
export class CountDistinctState implements AggregateState {
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
