import type { RecordBatch } from 'apache-arrow';
import type { BudgetMeter } from '../../budget/query-budget';
import { GroupAggregator } from '../../exec/group-aggregator';
import { RowCollector } from '../../exec/row-collector';
import type { ResolvedPlan } from '../../plan/resolved-plan';
import { outsideTopK, timeOrderOf, type TimeOrder } from './time-order';

/** Where matching rows go (stage 6, aggregate or collect), and what that lets the read skip. */
export interface ResultSink {
  /** Set when the sink keeps a top-k ordered by timestamp first: units and commits are read in that order. */
  readonly timeOrder: TimeOrder | undefined;
  /** Whether it is worth reading filter columns first and the rest only where a row matched. */
  readonly lateMaterialization: boolean;
  /** True when more rows cannot change the result. */
  readonly full: boolean;
  /** Whether rows with timestamps in [min, max] cannot change the result (a full time-ordered top-k). */
  excludes(minNs: bigint | undefined, maxNs: bigint | undefined): boolean;
  addBatch(batch: RecordBatch, rows: Uint32Array): void;
}

/** Row queries: projected rows, limited, with a top-k when ordered. */
export class RowSink implements ResultSink {
  readonly kind = 'rows';
  readonly lateMaterialization = true;
  readonly timeOrder: TimeOrder | undefined;
  readonly collector: RowCollector;

  constructor(plan: ResolvedPlan, meter: BudgetMeter) {
    this.collector = new RowCollector(plan.allColumns ? 'all' : [...plan.select, ...plan.orderColumns], plan.orderBy, plan.limit, meter);
    this.timeOrder = timeOrderOf(plan);
  }

  get full(): boolean {
    return this.collector.full;
  }

  excludes(minNs: bigint | undefined, maxNs: bigint | undefined): boolean {
    return this.timeOrder !== undefined && outsideTopK(this.timeOrder, this.collector, minNs, maxNs);
  }

  addBatch(batch: RecordBatch, rows: Uint32Array): void {
    this.collector.addBatch(batch, rows);
  }
}

/** Aggregate queries: hash aggregation; every matching row counts, so nothing can be skipped. */
export class GroupSink implements ResultSink {
  readonly kind = 'groups';
  readonly lateMaterialization = false;
  readonly timeOrder = undefined;
  readonly full = false;
  readonly aggregator: GroupAggregator;

  constructor(plan: ResolvedPlan, meter: BudgetMeter, exactDistinctLimit: number) {
    this.aggregator = new GroupAggregator(plan.groupBy, plan.aggregates, { exactDistinctLimit }, meter);
  }

  excludes(): boolean {
    return false;
  }

  addBatch(batch: RecordBatch, rows: Uint32Array): void {
    this.aggregator.addBatch(batch, rows);
  }
}

/** The sink for a plan: groups when it aggregates, else rows. */
export function resultSinkOf(plan: ResolvedPlan, meter: BudgetMeter, exactDistinctLimit: number): RowSink | GroupSink {
  return plan.aggregated ? new GroupSink(plan, meter, exactDistinctLimit) : new RowSink(plan, meter);
}
