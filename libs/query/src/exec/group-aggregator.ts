import { BaseColumn, type RowValue } from '@prism/contract';
import type { RecordBatch } from 'apache-arrow';
import type { BudgetMeter } from '../budget/query-budget';
import type { ResolvedAggregate, ResolvedGroupKey } from '../plan/resolved-plan';
import { aggregateInputs } from './aggregate-inputs';
import type { AggregateOptions, AggregateState } from './aggregate-states';
import { createAggregateState } from './create-aggregate-state';
import { cellReader, type CellReader } from './column-cells';

interface Group {
  keyValues: RowValue[];
  states: AggregateState[];
}

/** Memory charged per new group, beside its key text and what each aggregate adds. */
const GROUP_OVERHEAD_BYTES = 160;

/**
 * Hash aggregation: rows are grouped by their key columns and time buckets, and every aggregate
 * keeps one running state per group. Input is one Arrow batch and a selection of its rows at a time.
 */
export class GroupAggregator {
  private readonly groups = new Map<string, Group>();

  constructor(
    private readonly keys: readonly ResolvedGroupKey[],
    private readonly aggregates: readonly ResolvedAggregate[],
    private readonly options: AggregateOptions,
    private readonly meter: BudgetMeter,
  ) {}

  get groupCount(): number {
    return this.groups.size;
  }

  addBatch(batch: RecordBatch, rows: Uint32Array): void {
    const keyReaders = this.keys.map((key) => (key.kind === 'column' ? cellReader(batch, key.column) : cellReader(batch, BaseColumn.timestamp)));
    const inputs = this.aggregates.map((aggregate) => aggregateInputs(batch, aggregate));
    let charged = 0;
    const single = this.keys.length === 1 ? this.keys[0] : undefined;
    for (const row of rows) {
      // One key (the common case) needs no array or join per row.
      const keyValues = single === undefined ? this.keys.map((key, index) => keyValueOf(key, keyReaders[index], row)) : undefined;
      const singleValue = single === undefined ? undefined : keyValueOf(single, keyReaders[0], row);
      const keyText = keyValues === undefined ? keyPart(singleValue as RowValue) : keyValues.map(keyPart).join('\u0001');
      let group = this.groups.get(keyText);
      if (group === undefined) {
        group = {
          keyValues: keyValues ?? [singleValue as RowValue],
          states: this.aggregates.map((aggregate) => createAggregateState(aggregate, this.options)),
        };
        this.groups.set(keyText, group);
        charged += GROUP_OVERHEAD_BYTES + keyText.length * 2;
      }
      for (let index = 0; index < group.states.length; index++) charged += group.states[index].add(row, inputs[index]);
      if (charged > 65_536) {
        this.meter.charge(charged);
        charged = 0;
      }
    }
    this.meter.charge(charged);
  }

  /** One output row per group; `queryWindowNs` is the time range length, for delta rates. */
  results(queryWindowNs: bigint | undefined): Array<Record<string, RowValue>> {
    const bucket = this.keys.find((key) => key.kind === 'time');
    const windowNs = bucket?.kind === 'time' ? bucket.widthNs : queryWindowNs;
    // Aggregates over no rows at all still answer one row (count 0), as SQL does without GROUP BY.
    if (this.groups.size === 0 && this.keys.length === 0) {
      this.groups.set('', { keyValues: [], states: this.aggregates.map((aggregate) => createAggregateState(aggregate, this.options)) });
    }
    return [...this.groups.values()].map((group) => {
      const row: Record<string, RowValue> = {};
      this.keys.forEach((key, index) => (row[key.output] = group.keyValues[index]));
      this.aggregates.forEach((aggregate, index) => (row[aggregate.output] = group.states[index].result({ windowNs })));
      return row;
    });
  }
}

function keyValueOf(key: ResolvedGroupKey, cells: CellReader, row: number): RowValue {
  if (key.kind === 'column') return cells.value(row);
  const timestamp = cells.comparable(row);
  if (typeof timestamp !== 'bigint') return null;
  let start = (timestamp / key.widthNs) * key.widthNs;
  if (start > timestamp) start -= key.widthNs; // bigint division truncates toward zero
  return start;
}

function keyPart(value: RowValue): string {
  if (value === null) return '\u0000';
  if (typeof value === 'string') return 's' + value;
  if (value instanceof Uint8Array) return 'x' + Buffer.from(value).toString('hex');
  return typeof value + ':' + String(value);
}
