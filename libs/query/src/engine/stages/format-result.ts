import type { RowValue } from '@prism/contract';
import { rowComparator } from '../../exec/value-ordering';
import type { ResolvedOrderKey, ResolvedPlan } from '../../plan/resolved-plan';
import type { GroupSink, RowSink } from './result-sink';

/** Output columns and rows (JS values: bigint for int64, Uint8Array for bytes). */
export interface FormattedResult {
  columns: string[];
  rows: Array<Record<string, RowValue>>;
}

/**
 * Stage 7, format: the sink's rows in output order and shape. Rows lose the order columns the
 * query did not select; groups are ordered (by the plan's order, else their keys) and limited.
 */
export function formatResult(plan: ResolvedPlan, sink: RowSink | GroupSink): FormattedResult {
  if (sink.kind === 'rows') {
    const rows = sink.collector.results();
    const columns = plan.allColumns ? unionOfKeys(rows) : plan.select.map((column) => column.output);
    const hidden = plan.orderColumns.filter((column) => !columns.includes(column.output)).map((column) => column.output);
    for (const row of rows) for (const name of hidden) delete row[name];
    return { columns, rows };
  }
  const window = plan.timeRange === undefined ? undefined : plan.timeRange.toNs - plan.timeRange.fromNs;
  const rows = sink.aggregator.results(window);
  const order: ResolvedOrderKey[] = plan.orderBy.length > 0 ? [...plan.orderBy] : plan.groupBy.map((key) => ({ output: key.output, descending: false }));
  rows.sort(rowComparator(order));
  const columns = [...plan.groupBy.map((key) => key.output), ...plan.aggregates.map((aggregate) => aggregate.output)];
  return { columns, rows: rows.slice(0, plan.limit) };
}

function unionOfKeys(rows: ReadonlyArray<Record<string, RowValue>>): string[] {
  const names = new Set<string>();
  for (const row of rows) for (const name of Object.keys(row)) names.add(name);
  return [...names];
}
