import type { ColumnType } from '@prism/contract';
import type { BlockStats } from '@prism/storage';
import { coerceLiteral, compareComparable, type Comparable } from '../plan/literals';
import type { ResolvedFilter } from '../plan/resolved-plan';
import type { SegmentStats } from '../segment/query-segment';

/** Why a block was pruned. */
export type PruneReason = 'stats' | 'dictionary' | 'bloom';

/** The outcome of pruning one segment's blocks: commit number → reason, for pruned ones only. */
export type BlockPruning = Map<number, PruneReason>;

/**
 * Decides which blocks (commits) of a segment cannot hold a matching row, without reading any:
 * first by block stats (min/max, null counts, a column the block lacks), then by the distinct
 * values low-cardinality string blocks list (their dictionary) for `eq`/`in`, then by Bloom
 * filters for equality on the columns the signal keeps filters for.
 */
export async function pruneBlocks(segment: SegmentStats, filters: readonly ResolvedFilter[], bloomColumns: ReadonlySet<string>): Promise<BlockPruning> {
  const pruned: BlockPruning = new Map();
  const commits = segment.manifest.commits.map((commit) => commit.number);
  const types = new Map(segment.columns().map((column) => [column.name, column.type]));
  for (const filter of filters) {
    const type = types.get(filter.column);
    if (type === undefined) {
      // The segment never saw this column: every cell is null.
      if (!(filter.op === 'exists' && !filter.exists)) for (const commit of commits) pruned.set(commit, 'stats');
      continue;
    }
    for (const { commit, stats } of await segment.blockStats(filter.column)) {
      if (!pruned.has(commit) && !statsMayMatch(stats, filter, type)) pruned.set(commit, 'stats');
    }
  }
  for (const filter of filters) {
    if ((filter.op !== 'eq' && filter.op !== 'in') || types.get(filter.column) !== 'string') continue;
    const values = filter.values.filter((value): value is string => typeof value === 'string');
    if (values.length === 0 || commits.every((commit) => pruned.has(commit))) continue;
    const answers = await Promise.all(values.map((value) => segment.dictionaryContains(filter.column, value)));
    commits.forEach((commit, index) => {
      if (!pruned.has(commit) && answers.every((answer) => answer[index] === false)) pruned.set(commit, 'dictionary');
    });
  }
  for (const filter of filters) {
    if ((filter.op !== 'eq' && filter.op !== 'in') || !bloomColumns.has(filter.column)) continue;
    const type = types.get(filter.column);
    if (type === undefined) continue;
    const values = filter.values.map((value) => coerceLiteral(type, value)).filter((value): value is Comparable => value !== undefined);
    if (values.length === 0 || commits.every((commit) => pruned.has(commit))) continue;
    const answers = await Promise.all(values.map((value) => segment.mightContain(filter.column, value)));
    commits.forEach((commit, index) => {
      if (!pruned.has(commit) && answers.every((answer) => answer[index] === false)) pruned.set(commit, 'bloom');
    });
  }
  return pruned;
}

/** Whether a block with these stats may hold a row passing `filter`; null stats mean all nulls. */
export function statsMayMatch(stats: BlockStats | null, filter: ResolvedFilter, type: ColumnType): boolean {
  const nonNull = stats === null ? 0 : stats.rowCount - stats.nullCount;
  if (filter.op === 'exists') return filter.exists ? nonNull > 0 : stats === null || stats.nullCount > 0;
  if (nonNull === 0) return false;
  if (stats === null || stats.min === undefined || stats.max === undefined || type === 'bool') return true;
  if (filter.op === 'contains' || filter.op === 'regex') return true;
  const min = statValue(type, stats.min);
  const max = statValue(type, stats.max);
  if (min === undefined || max === undefined) return true;
  const literals = filter.values.map((value) => coerceLiteral(type, value)).filter((value): value is Comparable => value !== undefined);
  const inRange = (value: Comparable) => compareComparable(value, min) >= 0 && compareComparable(value, max) <= 0;
  switch (filter.op) {
    case 'eq':
    case 'in':
      return literals.some(inRange);
    case 'ne':
      return literals.length === 0 || stats.truncated === true || !(min === max && min === literals[0]);
    case 'lt':
      return literals.length > 0 && compareComparable(min, literals[0]) < 0;
    case 'lte':
      return literals.length > 0 && compareComparable(min, literals[0]) <= 0;
    case 'gt':
      return literals.length > 0 && compareComparable(max, literals[0]) > 0;
    case 'gte':
      return literals.length > 0 && compareComparable(max, literals[0]) >= 0;
    default:
      return true;
  }
}

/** A stats min/max text as a comparable of the column type (see storage's BlockStats). */
function statValue(type: ColumnType, text: string): Comparable | undefined {
  switch (type) {
    case 'int64':
      return /^-?\d+$/.test(text) ? BigInt(text) : undefined;
    case 'double': {
      const value = Number(text);
      return Number.isNaN(value) ? undefined : value;
    }
    default:
      return text;
  }
}
