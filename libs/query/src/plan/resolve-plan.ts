import { BaseColumn, FILTER_OPS, type Filter, type FilterLiteral, type QueryPlan, type Signal, type SignalAggregate } from '@prism/contract';
import { QueryValidationError } from '../errors';
import { resolveColumn } from './column-resolver';
import { coerceLiteral, describeType } from './literals';
import { resolveAggregate } from './resolve-aggregate';
import type { ResolvedFilter, ResolvedGroupKey, ResolvedOrderKey, ResolvedPlan, ResolvedSelect } from './resolved-plan';

/** Limits applied while resolving a plan. */
export interface PlanLimits {
  defaultLimit: number;
  maxLimit: number;
  /** Longest regex source accepted, a guard against pathological patterns. */
  maxRegexLength: number;
}

export function defaultPlanLimits(): PlanLimits {
  return { defaultLimit: 1000, maxLimit: 10_000, maxRegexLength: 256 };
}

const TRACE_ID_HEX = /^[0-9a-f]{32}$/;

/**
 * Checks a plan against its signal and resolves every name. Errors are {@link QueryValidationError}s
 * whose path follows the plan's (and the JSON DSL's) shape, e.g. `/filters/1/value`.
 * `declaredAggregates` are those the registered signals declare beside the built-in ones.
 */
export function resolvePlan(
  plan: QueryPlan,
  findSignal: (name: string) => Signal | undefined,
  limits: PlanLimits = defaultPlanLimits(),
  declaredAggregates: readonly SignalAggregate[] = [],
): ResolvedPlan {
  const signal = findSignal(plan.signal);
  if (signal === undefined) throw new QueryValidationError('/signal', `unknown signal "${plan.signal}"`);
  const dataset = plan.dataset ?? signal.defaultDataset;
  if (plan.timeRange !== undefined && plan.timeRange.fromNs >= plan.timeRange.toNs) {
    throw new QueryValidationError('/timeRange', '"from" must be before "to"');
  }
  const filters = (plan.filters ?? []).map((filter, index) => resolveFilter(signal, filter, `/filters/${index}`, limits));
  const groupBy = (plan.groupBy ?? []).map((key, index): ResolvedGroupKey => {
    const path = `/groupBy/${index}`;
    if ('timeBucket' in key) {
      if (key.timeBucket.widthNs <= 0n) throw new QueryValidationError(`${path}/timeBucket`, 'bucket width must be positive');
      return { kind: 'time', widthNs: key.timeBucket.widthNs, output: key.as ?? 'time_bucket' };
    }
    const resolved = resolveColumn(signal, key.column, `${path}/column`);
    return { kind: 'column', column: resolved.column, type: resolved.type, output: key.column };
  });
  const aggregates = (plan.aggregates ?? []).map((aggregate, index) => resolveAggregate(signal, aggregate, `/aggregates/${index}`, declaredAggregates));
  const aggregated = groupBy.length > 0 || aggregates.length > 0;
  const allColumns = !aggregated && plan.select !== undefined && plan.select.length === 1 && plan.select[0] === '*';
  const select: ResolvedSelect[] =
    aggregated || allColumns
      ? []
      : (plan.select ?? signal.query.defaultColumns).map((name, index) => ({
          column: resolveColumn(signal, name, `/select/${index}`).column,
          output: name,
        }));
  if (aggregated && plan.select !== undefined) throw new QueryValidationError('/select', 'select cannot be combined with groupBy or aggregates');
  const outputs = aggregated ? [...groupBy.map((key) => key.output), ...aggregates.map((a) => a.output)] : select.map((s) => s.output);
  assertUniqueOutputs(outputs, aggregated ? '/aggregates' : '/select');
  const orderColumns: ResolvedSelect[] = [];
  const orderBy = (plan.orderBy ?? []).map((key, index): ResolvedOrderKey => {
    const path = `/orderBy/${index}`;
    if (key.direction !== undefined && key.direction !== 'asc' && key.direction !== 'desc') {
      throw new QueryValidationError(`${path}/direction`, `expected "asc" or "desc", got ${JSON.stringify(key.direction)}`);
    }
    const descending = key.direction === 'desc';
    if (outputs.includes(key.column)) return { output: key.column, descending };
    if (aggregated) {
      throw new QueryValidationError(`${path}/column`, `"${key.column}" is not an output column (one of ${outputs.map((o) => `"${o}"`).join(', ')})`);
    }
    const column = resolveColumn(signal, key.column, `${path}/column`).column;
    orderColumns.push({ column, output: key.column });
    return { output: key.column, descending };
  });
  const limit = plan.limit ?? limits.defaultLimit;
  if (!Number.isInteger(limit) || limit < 1 || limit > limits.maxLimit) {
    throw new QueryValidationError('/limit', `expected an integer from 1 to ${limits.maxLimit}`);
  }
  return {
    signal,
    dataset,
    timeRange: plan.timeRange,
    traceIdHex: pinnedTraceId(filters),
    filters,
    aggregated,
    select,
    allColumns,
    groupBy,
    aggregates,
    orderBy,
    orderColumns,
    limit,
  };
}

function resolveFilter(signal: Signal, filter: Filter, path: string, limits: PlanLimits): ResolvedFilter {
  const { column, type } = resolveColumn(signal, filter.column, `${path}/column`);
  if (!(FILTER_OPS as readonly string[]).includes(filter.op)) {
    throw new QueryValidationError(`${path}/op`, `unknown operator "${String(filter.op)}" (expected one of ${FILTER_OPS.join(', ')})`);
  }
  const base = { column, type, op: filter.op };
  if (filter.op === 'exists') {
    if (filter.value !== undefined && typeof filter.value !== 'boolean') throw new QueryValidationError(`${path}/value`, 'exists takes true or false');
    return { ...base, values: [], exists: filter.value ?? true };
  }
  const values = filter.op === 'in' ? listOf(filter.value, `${path}/value`) : [single(filter.value, `${path}/value`)];
  values.forEach((value, index) => {
    const valuePath = filter.op === 'in' ? `${path}/value/${index}` : `${path}/value`;
    if (type !== undefined && coerceLiteral(type, value) === undefined) {
      throw new QueryValidationError(
        valuePath,
        `column "${column}" holds ${type} values: expected ${describeType(type)}, got ${JSON.stringify(String(value))}`,
      );
    }
  });
  if (filter.op === 'contains' || filter.op === 'regex') {
    if (type !== undefined && type !== 'string' && type !== 'json') {
      throw new QueryValidationError(`${path}/op`, `${filter.op} needs a string column; "${column}" holds ${type} values`);
    }
    if (typeof values[0] !== 'string') throw new QueryValidationError(`${path}/value`, `${filter.op} takes a string`);
  }
  if (filter.op === 'regex') return { ...base, values, exists: true, regex: compileRegex(values[0] as string, `${path}/value`, limits) };
  return { ...base, values, exists: true };
}

function single(value: Filter['value'], path: string): FilterLiteral {
  if (value === undefined || value === null) throw new QueryValidationError(path, 'a value is required');
  if (Array.isArray(value)) throw new QueryValidationError(path, 'expected a single value (use "in" for a list)');
  return value as FilterLiteral;
}

function listOf(value: Filter['value'], path: string): FilterLiteral[] {
  if (!Array.isArray(value) || value.length === 0) throw new QueryValidationError(path, 'in takes a non-empty list');
  return value.map((item, index) => single(item as FilterLiteral, `${path}/${index}`));
}

function compileRegex(source: string, path: string, limits: PlanLimits): RegExp {
  if (source.length > limits.maxRegexLength) throw new QueryValidationError(path, `regex longer than ${limits.maxRegexLength} characters`);
  try {
    return new RegExp(source, 'u');
  } catch (error) {
    throw new QueryValidationError(path, `invalid regex: ${(error as Error).message}`);
  }
}

function assertUniqueOutputs(outputs: readonly string[], path: string): void {
  const seen = new Set<string>();
  for (const output of outputs) {
    if (seen.has(output)) throw new QueryValidationError(path, `output column "${output}" appears twice: name one with "as"`);
    seen.add(output);
  }
}

function pinnedTraceId(filters: readonly ResolvedFilter[]): string | undefined {
  for (const filter of filters) {
    if (filter.column !== BaseColumn.traceId || filter.op !== 'eq') continue;
    const hex = String(filter.values[0]).toLowerCase();
    if (TRACE_ID_HEX.test(hex)) return hex;
  }
  return undefined;
}
