import { BaseColumn, type QueryPlan, type Signal, type SignalAggregate } from '@prism/contract';
import { resolvePlan, type PlanLimits } from '../../plan/resolve-plan';
import type { ResolvedFilter, ResolvedPlan } from '../../plan/resolved-plan';

/** A plan checked against its signal, with what every later stage needs from it. */
export interface PlannedQuery {
  readonly tenantId: string;
  readonly plan: ResolvedPlan;
  /** The tenant predicate and the time range (from the context, never the query), then the plan's filters. */
  readonly filters: readonly ResolvedFilter[];
  /** Columns the signal keeps Bloom filters for. */
  readonly bloomColumns: ReadonlySet<string>;
}

/** Stage 1, plan: resolves the plan (QueryValidationError when it does not fit its signal) and adds the mandatory filters. */
export function planQuery(
  plan: QueryPlan,
  tenantId: string,
  findSignal: (name: string) => Signal | undefined,
  limits: PlanLimits,
  aggregates: readonly SignalAggregate[] = [],
): PlannedQuery {
  const resolved = resolvePlan(plan, findSignal, limits, aggregates);
  return {
    tenantId,
    plan: resolved,
    filters: [...mandatoryFilters(tenantId, resolved), ...resolved.filters],
    bloomColumns: new Set(resolved.signal.indexing.bloom),
  };
}

/** The tenant predicate (from the authenticated context) and the time range, as filters. */
function mandatoryFilters(tenantId: string, plan: ResolvedPlan): ResolvedFilter[] {
  const filters: ResolvedFilter[] = [{ column: BaseColumn.tenantId, type: 'string', op: 'eq', values: [tenantId], exists: true }];
  if (plan.timeRange !== undefined) {
    filters.push({ column: BaseColumn.timestamp, type: 'int64', op: 'gte', values: [plan.timeRange.fromNs], exists: true });
    filters.push({ column: BaseColumn.timestamp, type: 'int64', op: 'lt', values: [plan.timeRange.toNs], exists: true });
  }
  return filters;
}
