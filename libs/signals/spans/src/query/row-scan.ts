import type { QueryPlan, RowValue, SignalQueryEngine, TenantContext, TimeRange } from '@prism/contract';

/** Rows one engine call may return; the engine's default `maxLimit`. */
export const DEFAULT_SCAN_PAGE_ROWS = 10_000;

/**
 * Every row of a row query over `range`, not just one page: when a call comes back full, its time
 * range is halved and each half is read again, so a window of any size is answered completely
 * (each call still pruned by the catalog and block stats). Rows come earliest range first.
 */
export async function scanAllRows(
  engine: SignalQueryEngine,
  plan: Omit<QueryPlan, 'timeRange' | 'limit' | 'orderBy'>,
  range: TimeRange,
  context: TenantContext,
  pageRows: number = DEFAULT_SCAN_PAGE_ROWS,
): Promise<Array<Record<string, RowValue>>> {
  const { rows } = await engine.execute({ ...plan, timeRange: range, limit: pageRows }, context);
  const width = range.toNs - range.fromNs;
  if (rows.length < pageRows || width <= 1n) return rows;
  const middle = range.fromNs + width / 2n;
  const earlier = await scanAllRows(engine, plan, { fromNs: range.fromNs, toNs: middle }, context, pageRows);
  const later = await scanAllRows(engine, plan, { fromNs: middle, toNs: range.toNs }, context, pageRows);
  return [...earlier, ...later];
}
