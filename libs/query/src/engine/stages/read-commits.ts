import { BaseColumn } from '@prism/contract';
import type { Table } from 'apache-arrow';
import type { BudgetMeter } from '../../budget/query-budget';
import { aggregateMatches, columnsOfAggregate } from '../../exec/aggregate-inputs';
import type { CommitReader, SegmentLayout } from '../../segment/query-segment';
import type { ExplainRecorder } from '../explain-recorder';
import type { PlannedQuery } from './plan-query';

/** The columns one segment reads for a query, split for late materialization. */
export interface SegmentColumns {
  /** Every column the query needs that the segment has, in segment order. */
  all: string[];
  /** Read for every surviving commit: filter and order columns for row queries, else all. */
  early: string[];
  /** Read only for commits where some row passed the filters. */
  late: string[];
}

/**
 * The columns `segment` must read for the query. With `lateMaterialization` (row queries) the
 * filter and order columns come first and the rest only where a row matched.
 */
export function segmentColumnsOf(query: PlannedQuery, segment: SegmentLayout, lateMaterialization: boolean): SegmentColumns {
  const all = columnsToRead(query, segment);
  if (!lateMaterialization) return { all, early: all, late: [] };
  const early = earlyColumns(query, all);
  return { all, early, late: all.filter((name) => !early.includes(name)) };
}

/** A read's table and the decoded bytes it holds (charged to the budget until released). */
export interface CommitsRead {
  table: Table;
  bytes: number;
}

/**
 * Stage 4, read: `names` of only these commits (in segment order), charged to the memory budget
 * as decoded bytes. Timed as read.
 */
export async function readCommits(
  segment: CommitReader,
  names: readonly string[],
  commits: readonly number[],
  meter: BudgetMeter,
  recorder: ExplainRecorder,
): Promise<CommitsRead> {
  const table = await recorder.timeAsync('read', () => segment.readCommits(names, commits));
  const bytes = decodedBytes(table);
  meter.charge(bytes);
  recorder.bytesRead(bytes);
  return { table, bytes };
}

function columnsToRead({ plan, filters }: PlannedQuery, segment: SegmentLayout): string[] {
  const present = segment.columns();
  if (plan.allColumns) return present.map((column) => column.name);
  const names = new Set<string>(filters.map((filter) => filter.column));
  for (const key of plan.groupBy) names.add(key.kind === 'column' ? key.column : BaseColumn.timestamp);
  for (const aggregate of plan.aggregates) {
    columnsOfAggregate(aggregate).forEach((name) => names.add(name));
    for (const { name } of present) if (aggregateMatches(aggregate, name)) names.add(name);
  }
  for (const column of [...plan.select, ...plan.orderColumns]) names.add(column.column);
  const known = new Set(present.map((column) => column.name));
  return [...names].filter((name) => known.has(name));
}

/** Columns a row query reads before knowing which commits match: filters and order keys. */
function earlyColumns({ plan, filters }: PlannedQuery, present: readonly string[]): string[] {
  const wanted = new Set<string>([...filters.map((filter) => filter.column), ...plan.orderColumns.map((column) => column.column)]);
  for (const key of plan.orderBy) {
    const selected = plan.select.find((column) => column.output === key.output);
    wanted.add(selected?.column ?? key.output);
  }
  return present.filter((name) => wanted.has(name));
}

function decodedBytes(table: Table): number {
  let bytes = 0;
  for (const batch of table.batches) for (const child of batch.data.children) bytes += child.byteLength;
  return bytes;
}
