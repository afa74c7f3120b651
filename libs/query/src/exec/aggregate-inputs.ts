import type { AggregateInputCells } from '@prism/contract';
import type { RecordBatch } from 'apache-arrow';
import type { ResolvedAggregate } from '../plan/resolved-plan';
import { cellReader } from './column-cells';

/** The columns an aggregate reads in one batch (the contract's shape, which plug-in aggregates see too). */
export type AggregateInputs = AggregateInputCells;

/** Columns an aggregate needs read, beside those a plug-in aggregate matches in each segment. */
export function columnsOfAggregate(aggregate: ResolvedAggregate): string[] {
  const own = aggregate.column === undefined ? [] : [aggregate.column];
  return [...own, ...(aggregate.plugin?.reads ?? [])];
}

/** Whether a plug-in aggregate also reads segment column `name` (e.g. `rate`: a series' identity). */
export function aggregateMatches(aggregate: ResolvedAggregate, name: string): boolean {
  return aggregate.plugin?.readsMatching?.(name) ?? false;
}

/** Binds an aggregate's input columns to a batch. */
export function aggregateInputs(batch: RecordBatch, aggregate: ResolvedAggregate): AggregateInputs {
  const none = cellReader(batch, '');
  const reads = new Map((aggregate.plugin?.reads ?? []).map((name) => [name, cellReader(batch, name)]));
  return {
    value: aggregate.column === undefined ? none : cellReader(batch, aggregate.column),
    column: (name) => reads.get(name) ?? none,
    matching: batch.schema.fields.filter((field) => aggregateMatches(aggregate, field.name)).map((field) => cellReader(batch, field.name)),
  };
}
