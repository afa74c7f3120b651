import { BaseColumn } from '@prism/contract';
import type { RowCollector } from '../../exec/row-collector';
import type { ResolvedPlan } from '../../plan/resolved-plan';

/** A row query whose first order key is the timestamp column: its top-k can stop early. */
export interface TimeOrder {
  /** Output name of the timestamp in collected rows. */
  output: string;
  descending: boolean;
}

/** The plan's time order, when its first order key is `timestamp`. */
export function timeOrderOf(plan: ResolvedPlan): TimeOrder | undefined {
  if (plan.aggregated) return undefined;
  const first = plan.orderBy[0];
  if (first === undefined) return undefined;
  const column =
    [...plan.select, ...plan.orderColumns].find((candidate) => candidate.output === first.output)?.column ?? (plan.allColumns ? first.output : undefined);
  return column === BaseColumn.timestamp ? { output: first.output, descending: first.descending } : undefined;
}

/**
 * Whether rows with timestamps in [min, max] cannot enter a full top-k: all order strictly after
 * its last kept row (older for newest-first, newer for oldest-first). Ties are still read.
 */
export function outsideTopK(order: TimeOrder, collector: RowCollector, minNs: bigint | undefined, maxNs: bigint | undefined): boolean {
  const boundary = collector.boundary(order.output);
  if (typeof boundary !== 'bigint') return false;
  if (order.descending) return maxNs !== undefined && maxNs < boundary;
  return minNs !== undefined && minNs > boundary;
}

/** A decimal nanosecond text (manifest commits) as a bigint; undefined when absent or malformed. */
export function nsOf(text: string | undefined): bigint | undefined {
  return text !== undefined && /^-?\d+$/.test(text) ? BigInt(text) : undefined;
}
