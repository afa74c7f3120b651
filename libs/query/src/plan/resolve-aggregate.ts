import { AGGREGATE_FNS, type Aggregate, type Signal, type SignalAggregate } from '@prism/contract';
import { QueryValidationError } from '../errors';
import { resolveColumn } from './column-resolver';
import type { ResolvedAggregate } from './resolved-plan';

const NUMERIC_FNS: ReadonlySet<string> = new Set(['sum', 'avg', 'percentile']);

/**
 * Checks one aggregate and names its output, e.g. `p95(duration)`, `count()`. `declared` are the
 * aggregates signal plug-ins add (any signal's: a query naming one whose columns its signal lacks
 * is told what is missing).
 */
export function resolveAggregate(signal: Signal, aggregate: Aggregate, path: string, declared: readonly SignalAggregate[] = []): ResolvedAggregate {
  const fn = aggregate.fn;
  const plugin = declared.find((candidate) => candidate.fn === fn);
  if (plugin === undefined && !(AGGREGATE_FNS as readonly string[]).includes(fn)) {
    const known = [...AGGREGATE_FNS, ...declared.map((candidate) => candidate.fn)];
    throw new QueryValidationError(`${path}/fn`, `unknown aggregate "${String(fn)}" (expected one of ${known.join(', ')})`);
  }
  if (aggregate.as !== undefined && (typeof aggregate.as !== 'string' || aggregate.as === '')) {
    throw new QueryValidationError(`${path}/as`, 'expected a non-empty string');
  }
  let q: number | undefined;
  if (fn === 'percentile' || plugin?.quantile === true) {
    if (typeof aggregate.q !== 'number' || !(aggregate.q >= 0 && aggregate.q <= 1)) {
      throw new QueryValidationError(`${path}/q`, `${fn} needs a quantile "q" from 0 to 1`);
    }
    q = aggregate.q;
  } else if (aggregate.q !== undefined) {
    throw new QueryValidationError(`${path}/q`, `${fn} takes no quantile`);
  }
  if (plugin !== undefined) return resolvePluginAggregate(signal, plugin, aggregate, q, path);
  if (fn === 'count') {
    if (aggregate.column !== undefined) throw new QueryValidationError(`${path}/column`, 'count counts rows: leave "column" out');
    return { fn, output: aggregate.as ?? 'count' };
  }
  if (aggregate.column === undefined) throw new QueryValidationError(`${path}/column`, `${fn} needs a column`);
  const column = resolveValueColumn(signal, aggregate.column, fn, NUMERIC_FNS.has(fn), path);
  const label = fn === 'percentile' ? `p${formatQuantile(q as number)}` : fn;
  return { fn, column, ...(q === undefined ? {} : { q }), output: aggregate.as ?? `${label}(${aggregate.column})` };
}

/** A plug-in's aggregate: its own columns must be known to the signal, its `column` as it declares. */
function resolvePluginAggregate(signal: Signal, plugin: SignalAggregate, aggregate: Aggregate, q: number | undefined, path: string): ResolvedAggregate {
  const fn = plugin.fn;
  if (plugin.reads.some((column) => signal.query.knownColumns[column] === undefined)) {
    throw new QueryValidationError(`${path}/fn`, `${fn} needs ${plugin.needs}, which signal "${signal.name}" does not have`);
  }
  const quantile = q === undefined ? {} : { q };
  if (plugin.column === 'none') {
    if (aggregate.column !== undefined)
      throw new QueryValidationError(`${path}/column`, `${fn} ${plugin.noColumnReason ?? 'takes no column'}: leave "column" out`);
    return { fn, ...quantile, plugin, output: aggregate.as ?? plugin.outputName(undefined, q) };
  }
  if (aggregate.column === undefined) throw new QueryValidationError(`${path}/column`, `${fn} needs a column`);
  const column = resolveValueColumn(signal, aggregate.column, fn, plugin.column === 'numeric', path);
  return { fn, column, ...quantile, plugin, output: aggregate.as ?? plugin.outputName(aggregate.column, q) };
}

function resolveValueColumn(signal: Signal, name: string, fn: string, numeric: boolean, path: string): string {
  const { column, type } = resolveColumn(signal, name, `${path}/column`);
  if (numeric && type !== undefined && type !== 'int64' && type !== 'double') {
    throw new QueryValidationError(`${path}/column`, `${fn} needs a numeric column; "${column}" holds ${type} values`);
  }
  return column;
}

/** 0.95 → "95", 0.999 → "99.9". */
function formatQuantile(q: number): string {
  return String(Math.round(q * 100_000) / 1000);
}
