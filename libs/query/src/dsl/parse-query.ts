import { QueryValidationError } from '../errors';
import type { Aggregate, Filter, GroupKey, OrderKey, QueryPlan, TimeRange } from '@prism/contract';
import { parseDuration, parseInstant } from './time-values';

/** A parsed DSL request: the plan, and whether the response should carry the explain section. */
export interface DslQuery {
  plan: QueryPlan;
  explain: boolean;
}

const TOP_LEVEL_FIELDS = ['signal', 'dataset', 'timeRange', 'filters', 'select', 'groupBy', 'aggregates', 'orderBy', 'limit', 'explain'];

/**
 * Parses the JSON query DSL (docs/query-dsl.md) into a {@link QueryPlan}. Shape errors are
 * {@link QueryValidationError}s pointing at the offending part, e.g. `/aggregates/0/q`; names and
 * literals are checked against the signal when the engine resolves the plan. A `tenant` field is
 * not part of the DSL and is refused like any other unknown field.
 *
 * @example parseDslQuery({ signal: 'logs', timeRange: { last: '1h' }, groupBy: ['severity'], aggregates: [{ fn: 'count' }] }, Date.now())
 */
export function parseDslQuery(body: unknown, nowMs: number): DslQuery {
  const query = object(body, '');
  for (const key of Object.keys(query)) {
    if (!TOP_LEVEL_FIELDS.includes(key)) throw new QueryValidationError(`/${key}`, `unknown field (expected one of ${TOP_LEVEL_FIELDS.join(', ')})`);
  }
  const plan: QueryPlan = { signal: string(query['signal'], '/signal') };
  if (query['dataset'] !== undefined) plan.dataset = string(query['dataset'], '/dataset');
  if (query['timeRange'] !== undefined) plan.timeRange = timeRange(query['timeRange'], nowMs);
  if (query['filters'] !== undefined) plan.filters = array(query['filters'], '/filters').map((item, index) => filter(item, `/filters/${index}`));
  if (query['select'] !== undefined) plan.select = array(query['select'], '/select').map((item, index) => string(item, `/select/${index}`));
  if (query['groupBy'] !== undefined) plan.groupBy = array(query['groupBy'], '/groupBy').map((item, index) => groupKey(item, `/groupBy/${index}`));
  if (query['aggregates'] !== undefined) {
    plan.aggregates = array(query['aggregates'], '/aggregates').map((item, index) => aggregate(item, `/aggregates/${index}`));
  }
  if (query['orderBy'] !== undefined) plan.orderBy = array(query['orderBy'], '/orderBy').map((item, index) => orderKey(item, `/orderBy/${index}`));
  if (query['limit'] !== undefined) {
    if (typeof query['limit'] !== 'number' || !Number.isInteger(query['limit'])) throw new QueryValidationError('/limit', 'expected an integer');
    plan.limit = query['limit'];
  }
  if (query['explain'] !== undefined && typeof query['explain'] !== 'boolean') throw new QueryValidationError('/explain', 'expected true or false');
  return { plan, explain: query['explain'] === true };
}

function timeRange(value: unknown, nowMs: number): TimeRange {
  const range = object(value, '/timeRange');
  allowOnly(range, ['from', 'to', 'last'], '/timeRange');
  const nowNs = BigInt(nowMs) * 1_000_000n;
  if (range['last'] !== undefined) {
    if (range['from'] !== undefined) throw new QueryValidationError('/timeRange/from', 'give either "last" or "from"/"to"');
    const toNs = range['to'] === undefined ? nowNs : parseInstant(range['to'], '/timeRange/to');
    return { fromNs: toNs - parseDuration(range['last'], '/timeRange/last'), toNs };
  }
  if (range['from'] === undefined) throw new QueryValidationError('/timeRange/from', 'required (or give "last")');
  const fromNs = parseInstant(range['from'], '/timeRange/from');
  const toNs = range['to'] === undefined ? nowNs : parseInstant(range['to'], '/timeRange/to');
  return { fromNs, toNs };
}

function filter(value: unknown, path: string): Filter {
  const item = object(value, path);
  allowOnly(item, ['column', 'op', 'value'], path);
  const result: Filter = { column: string(item['column'], `${path}/column`), op: string(item['op'], `${path}/op`) as Filter['op'] };
  const literal = item['value'];
  if (literal !== undefined) {
    const check = (candidate: unknown, at: string) => {
      if (typeof candidate !== 'string' && typeof candidate !== 'number' && typeof candidate !== 'boolean') {
        throw new QueryValidationError(at, 'expected a string, number or boolean');
      }
    };
    if (Array.isArray(literal)) literal.forEach((candidate, index) => check(candidate, `${path}/value/${index}`));
    else check(literal, `${path}/value`);
    result.value = literal as Filter['value'];
  }
  return result;
}

function groupKey(value: unknown, path: string): GroupKey {
  if (typeof value === 'string') return { column: value };
  const item = object(value, path);
  allowOnly(item, ['column', 'timeBucket', 'as'], path);
  if (item['timeBucket'] !== undefined) {
    const key: GroupKey = { timeBucket: { widthNs: parseDuration(item['timeBucket'], `${path}/timeBucket`) } };
    if (item['as'] !== undefined) key.as = string(item['as'], `${path}/as`);
    return key;
  }
  return { column: string(item['column'], `${path}/column`) };
}

function aggregate(value: unknown, path: string): Aggregate {
  const item = object(value, path);
  allowOnly(item, ['fn', 'column', 'q', 'as'], path);
  const result: Aggregate = { fn: string(item['fn'], `${path}/fn`) as Aggregate['fn'] };
  if (item['column'] !== undefined) result.column = string(item['column'], `${path}/column`);
  if (item['q'] !== undefined) {
    if (typeof item['q'] !== 'number') throw new QueryValidationError(`${path}/q`, 'expected a number from 0 to 1');
    result.q = item['q'];
  }
  if (item['as'] !== undefined) result.as = string(item['as'], `${path}/as`);
  return result;
}

function orderKey(value: unknown, path: string): OrderKey {
  if (typeof value === 'string') return { column: value };
  const item = object(value, path);
  allowOnly(item, ['column', 'direction'], path);
  const key: OrderKey = { column: string(item['column'], `${path}/column`) };
  if (item['direction'] !== undefined) key.direction = item['direction'] as OrderKey['direction'];
  return key;
}

function object(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new QueryValidationError(path, 'expected an object');
  return value as Record<string, unknown>;
}

function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new QueryValidationError(path, 'expected an array');
  return value;
}

function string(value: unknown, path: string): string {
  if (typeof value !== 'string' || value === '') throw new QueryValidationError(path, value === undefined ? 'required' : 'expected a non-empty string');
  return value;
}

function allowOnly(item: Record<string, unknown>, fields: readonly string[], path: string): void {
  for (const key of Object.keys(item)) {
    if (!fields.includes(key)) throw new QueryValidationError(`${path}/${key}`, `unknown field (expected one of ${fields.join(', ')})`);
  }
}
