import { BaseColumn, type RowValue, type Signal } from '@prism/contract';
import { signalByName } from '@prism/signal-registry';
import type { RecordBatch, Table } from 'apache-arrow';
import { isSeriesColumn, columnsOfAggregate } from '../exec/aggregate-inputs';
import { GroupAggregator } from '../exec/group-aggregator';
import { RowCollector } from '../exec/row-collector';
import { allRows, filterRows } from '../exec/row-filter';
import { rowComparator } from '../exec/value-ordering';
import type { QueryPlan } from '../plan/query-plan';
import { defaultPlanLimits, resolvePlan, type PlanLimits } from '../plan/resolve-plan';
import type { ResolvedFilter, ResolvedOrderKey, ResolvedPlan } from '../plan/resolved-plan';
import { pruneBlocks } from '../prune/block-pruner';
import { findCandidateSegments, type QueryCatalog } from '../prune/segment-candidates';
import type { QuerySegment, SegmentCommit } from '../segment/query-segment';
import type { SegmentSource, SegmentUnit } from '../segment/segment-source';
import { mergeBatches } from './batch-merge';
import { BudgetMeter, defaultQueryBudget, type QueryBudget } from '../budget/query-budget';
import { emptyExplain, type QueryExplain, type QueryStage } from './query-explain';
import { nsOf, outsideTopK, timeOrderOf } from './time-order';

/** Who is asking: set by authentication, never by the query. */
export interface TenantContext {
  readonly tenantId: string;
}

/** What the engine runs on. */
export interface QueryEngineOptions {
  catalog: QueryCatalog;
  segments: SegmentSource;
  /** Signal lookup; the signal registry by default. */
  findSignal: (name: string) => Signal | undefined;
  /** Milliseconds clock for the time budget. */
  clock: () => number;
  budget: QueryBudget;
  limits: PlanLimits;
  /** Distinct values counted exactly per group before `count_distinct` switches to HyperLogLog. */
  exactDistinctLimit: number;
}

export function defaultQueryEngineOptions(): Omit<QueryEngineOptions, 'catalog' | 'segments'> {
  return { findSignal: signalByName, clock: Date.now, budget: defaultQueryBudget(), limits: defaultPlanLimits(), exactDistinctLimit: 10_000 };
}

/** Rows (JS values: bigint for int64, Uint8Array for bytes) with the explain section. */
export interface QueryResult {
  columns: string[];
  rows: Array<Record<string, RowValue>>;
  explain: QueryExplain;
}

/** Per-call options. */
export interface ExecuteOptions {
  budget?: Partial<QueryBudget>;
}

/**
 * Runs queries: plan → prune (catalog, then block stats and Bloom filters) → read (only the
 * needed columns of segments with surviving blocks) → execute (vectorized filters, hash
 * aggregation or top-k rows) → format. The tenant comes only from the {@link TenantContext}: the
 * catalog is asked through that tenant's view, segments are opened under that tenant, and a
 * `tenant_id` predicate is added to every query.
 *
 * @example
 * const engine = new QueryEngine({ catalog, segments: hotSegmentSource(hotDir) });
 * const { rows, explain } = await engine.execute(
 *   { signal: 'spans', groupBy: [{ column: 'service' }], aggregates: [{ fn: 'percentile', column: 'duration', q: 0.95 }] },
 *   { tenantId: 'acme' },
 * );
 */
export class QueryEngine {
  private readonly options: QueryEngineOptions;

  constructor(options: Partial<QueryEngineOptions> & Pick<QueryEngineOptions, 'catalog' | 'segments'>) {
    this.options = { ...defaultQueryEngineOptions(), ...options };
  }

  /** Validates and runs a plan for the tenant; QueryValidationError / QueryBudgetExceededError on failure. */
  async execute(plan: QueryPlan, context: TenantContext, options: ExecuteOptions = {}): Promise<QueryResult> {
    const meter = new BudgetMeter({ ...this.options.budget, ...options.budget }, this.options.clock);
    const timer = new StageTimer();
    const resolved = timer.time('plan', () => resolvePlan(plan, this.options.findSignal, this.options.limits));
    const explain = emptyExplain(context.tenantId, resolved.signal.name, resolved.dataset);
    if (resolved.timeRange !== undefined) {
      explain.timeRange = { fromNs: String(resolved.timeRange.fromNs), toNs: String(resolved.timeRange.toNs) };
    }
    const filters = [...mandatoryFilters(context, resolved), ...resolved.filters];
    const [candidates, inDataset] = await timer.timeAsync('prune', () =>
      Promise.all([
        findCandidateSegments(this.options.catalog, context.tenantId, resolved),
        this.options.segments.listSegmentIds(context.tenantId, resolved.dataset),
      ]),
    );
    explain.segmentSource = candidates.source;
    explain.segments.inDataset = Math.max(inDataset.length, candidates.segmentIds.length);
    explain.segments.candidates = candidates.segmentIds.length;
    const notCandidates = explain.segments.inDataset - candidates.segmentIds.length;
    if (candidates.source === 'trace-hints') explain.segments.prunedByTraceHints = notCandidates;
    else explain.segments.prunedByTime = notCandidates;

    const sink = resolved.aggregated
      ? new GroupAggregator(resolved.groupBy, resolved.aggregates, { exactDistinctLimit: this.options.exactDistinctLimit }, meter)
      : new RowCollector(resolved.allColumns ? 'all' : [...resolved.select, ...resolved.orderColumns], resolved.orderBy, resolved.limit, meter);
    const bloomColumns = new Set(resolved.signal.indexing.bloom);
    const columnsRead = new Set<string>();

    let units = await timer.timeAsync('prune', () => this.options.segments.units(context.tenantId, resolved.dataset, candidates.segments));
    const timeOrder = sink instanceof RowCollector ? timeOrderOf(resolved) : undefined;
    // Newest-first top-k reads the newest units first, so older ones can be skipped once it is full.
    if (timeOrder?.descending === true) units = [...units].sort((a, b) => compareBigints(lastTimestampOf(b), lastTimestampOf(a)));

    for (const unit of units) {
      meter.checkTime();
      if (sink instanceof RowCollector && sink.full) break;
      if (timeOrder !== undefined && outsideTopK(timeOrder, sink as RowCollector, unit.firstTimestampNs, unit.lastTimestampNs)) {
        explain.segments.skippedByTopK++;
        continue;
      }
      const opened = await timer.timeAsync('prune', () => unit.open());
      const { segment, tier } = opened;
      explain.openedSegments.push(unit.label);
      explain.tiers[tier]++;
      const fetchedBefore = opened.fetchedBytes();
      const commits = segment.manifest.commits;
      const pruned = await timer.timeAsync('prune', () => pruneBlocks(segment, filters, bloomColumns));
      explain.blocks.considered += commits.length;
      for (const reason of pruned.values()) {
        if (reason === 'stats') explain.blocks.prunedByStats++;
        else if (reason === 'dictionary') explain.blocks.prunedByDictionary++;
        else explain.blocks.prunedByBloom++;
      }
      if (tier === 'cold') {
        explain.rowGroups.considered += commits.length;
        for (const reason of pruned.values()) {
          if (reason === 'stats') explain.rowGroups.prunedByStats++;
          else explain.rowGroups.prunedByBloom++;
        }
      }
      if (commits.length === 0 || pruned.size === commits.length) {
        explain.segments.prunedByBlocks++;
        continue;
      }
      const surviving = commits.filter((commit) => !pruned.has(commit.number));
      const names = columnsToRead(resolved, filters, segment);
      // Late materialization: row queries read the filter and order columns first, the rest only
      // for commits where some row passed.
      const early = sink instanceof RowCollector ? earlyColumns(filters, resolved, names) : names;
      const late = names.filter((name) => !early.includes(name));
      const read = (columns: string[], numbers: number[]) => timer.timeAsync('read', () => segment.readCommits(columns, numbers));
      const charge = (table: Table) => {
        const bytes = decodedBytes(table);
        meter.charge(bytes);
        explain.bytesRead += bytes;
        return bytes;
      };

      /** Reads, filters and feeds the sink one group of commits. */
      const scan = async (numbers: number[]) => {
        const table = await read(early, numbers);
        let held = charge(table);
        explain.blocks.read += numbers.length;
        if (tier === 'cold') explain.rowGroups.read += numbers.length;
        const batches = table.batches;
        const matches = timer.time('execute', () =>
          batches.map((batch: RecordBatch) => {
            meter.checkTime();
            const rows = filterRows(batch, filters, allRows(batch.numRows));
            explain.rowsScanned += batch.numRows;
            explain.rowsMatched += rows.length;
            return rows;
          }),
        );
        let rest: RecordBatch[] | undefined;
        if (late.length > 0) {
          const wanted = numbers.filter((_, index) => matches[index].length > 0);
          explain.blocks.skippedAfterFilter += numbers.length - wanted.length;
          const lateTable = wanted.length === 0 ? undefined : await read(late, wanted);
          if (lateTable !== undefined) held += charge(lateTable);
          const byCommit = new Map(wanted.map((number, index) => [number, lateTable?.batches[index] as RecordBatch]));
          rest = numbers.map((number) => byCommit.get(number) as RecordBatch);
        }
        timer.time('execute', () => {
          batches.forEach((batch: RecordBatch, index: number) => {
            if (matches[index].length === 0) return;
            sink.addBatch(rest === undefined ? batch : mergeBatches(batch, rest[index], names), matches[index]);
          });
        });
        meter.release(held);
      };

      // A time-ordered top-k reads commits in its order a few at a time, skipping the rest once full.
      const groups = timeOrder === undefined ? [surviving] : commitGroupsInOrder(surviving, timeOrder.descending, TOP_K_COMMITS_PER_READ);
      let scanned = false;
      for (const group of groups) {
        const kept =
          timeOrder === undefined ? group : group.filter((commit) => !outsideTopK(timeOrder, sink as RowCollector, nsOf(commit.minTimestampNs), nsOf(commit.maxTimestampNs)));
        explain.blocks.skippedByTopK += group.length - kept.length;
        if (kept.length === 0) continue;
        // Readers return batches in segment order, whatever order the numbers come in.
        const chosen = new Set(kept);
        await scan(surviving.filter((commit) => chosen.has(commit)).map((commit) => commit.number));
        scanned = true;
      }
      if (scanned) {
        explain.segments.read++;
        names.forEach((name) => columnsRead.add(name));
      }
      explain.bytesFetched += opened.fetchedBytes() - fetchedBefore;
    }
    explain.columnsRead = [...columnsRead].sort();

    const result = timer.time('format', () => {
      if (sink instanceof RowCollector) {
        const rows = sink.results();
        const columns = resolved.allColumns ? unionOfKeys(rows) : resolved.select.map((column) => column.output);
        const hidden = resolved.orderColumns.filter((column) => !columns.includes(column.output)).map((column) => column.output);
        for (const row of rows) for (const name of hidden) delete row[name];
        return { columns, rows };
      }
      const window = resolved.timeRange === undefined ? undefined : resolved.timeRange.toNs - resolved.timeRange.fromNs;
      const rows = sink.results(window);
      const order: ResolvedOrderKey[] = resolved.orderBy.length > 0 ? [...resolved.orderBy] : resolved.groupBy.map((key) => ({ output: key.output, descending: false }));
      rows.sort(rowComparator(order));
      const columns = [...resolved.groupBy.map((key) => key.output), ...resolved.aggregates.map((aggregate) => aggregate.output)];
      return { columns, rows: rows.slice(0, resolved.limit) };
    });
    explain.stageMs = timer.stages;
    return { ...result, explain };
  }

  /**
   * Every row of one trace (spans and span events by default), found through trace hints and
   * Bloom filters; all columns. For the Zipkin API's trace-by-id.
   */
  async findTrace(
    traceIdHex: string,
    context: TenantContext,
    options: { signal?: string; dataset?: string; timeRange?: QueryPlan['timeRange']; limit?: number } = {},
  ): Promise<QueryResult> {
    return this.execute(
      {
        signal: options.signal ?? 'spans',
        ...(options.dataset === undefined ? {} : { dataset: options.dataset }),
        ...(options.timeRange === undefined ? {} : { timeRange: options.timeRange }),
        filters: [{ column: BaseColumn.traceId, op: 'eq', value: traceIdHex.toLowerCase() }],
        select: ['*'],
        orderBy: [{ column: BaseColumn.timestamp, direction: 'asc' }],
        limit: options.limit ?? this.options.limits.maxLimit,
      },
      context,
    );
  }
}

/** The tenant predicate (from the authenticated context) and the time range, as filters. */
function mandatoryFilters(context: TenantContext, plan: ResolvedPlan): ResolvedFilter[] {
  const filters: ResolvedFilter[] = [{ column: BaseColumn.tenantId, type: 'string', op: 'eq', values: [context.tenantId], exists: true }];
  if (plan.timeRange !== undefined) {
    filters.push({ column: BaseColumn.timestamp, type: 'int64', op: 'gte', values: [plan.timeRange.fromNs], exists: true });
    filters.push({ column: BaseColumn.timestamp, type: 'int64', op: 'lt', values: [plan.timeRange.toNs], exists: true });
  }
  return filters;
}

/** Columns one segment must read for the plan. */
function columnsToRead(plan: ResolvedPlan, filters: readonly ResolvedFilter[], segment: QuerySegment): string[] {
  if (plan.allColumns) return segment.columns().map((column) => column.name);
  const names = new Set<string>(filters.map((filter) => filter.column));
  for (const key of plan.groupBy) names.add(key.kind === 'column' ? key.column : BaseColumn.timestamp);
  for (const aggregate of plan.aggregates) {
    columnsOfAggregate(aggregate).forEach((name) => names.add(name));
    if (aggregate.fn === 'rate') for (const { name } of segment.columns()) if (isSeriesColumn(name)) names.add(name);
  }
  for (const column of [...plan.select, ...plan.orderColumns]) names.add(column.column);
  const present = new Set(segment.columns().map((column) => column.name));
  return [...names].filter((name) => present.has(name));
}

/** Commits a time-ordered top-k reads at once before checking whether it is full. */
const TOP_K_COMMITS_PER_READ = 4;

/** Commits sorted by time (newest first when descending), in groups of `size`. */
function commitGroupsInOrder(commits: readonly SegmentCommit[], descending: boolean, size: number): SegmentCommit[][] {
  const key = (commit: SegmentCommit) => (descending ? nsOf(commit.maxTimestampNs) : nsOf(commit.minTimestampNs)) ?? 0n;
  const sorted = [...commits].sort((a, b) => compareBigints(key(a), key(b)) * (descending ? -1 : 1));
  const groups: SegmentCommit[][] = [];
  for (let i = 0; i < sorted.length; i += size) groups.push(sorted.slice(i, i + size));
  return groups;
}

/** Columns a row query reads before knowing which commits match: filters and order keys. */
function earlyColumns(filters: readonly ResolvedFilter[], plan: ResolvedPlan, present: readonly string[]): string[] {
  const wanted = new Set<string>([...filters.map((filter) => filter.column), ...plan.orderColumns.map((column) => column.column)]);
  for (const key of plan.orderBy) {
    const selected = plan.select.find((column) => column.output === key.output);
    wanted.add(selected?.column ?? key.output);
  }
  return present.filter((name) => wanted.has(name));
}

function lastTimestampOf(unit: SegmentUnit): bigint {
  return unit.lastTimestampNs ?? unit.firstTimestampNs;
}

function compareBigints(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function decodedBytes(table: Table): number {
  let bytes = 0;
  for (const batch of table.batches) for (const child of batch.data.children) bytes += child.byteLength;
  return bytes;
}

function unionOfKeys(rows: ReadonlyArray<Record<string, RowValue>>): string[] {
  const names = new Set<string>();
  for (const row of rows) for (const name of Object.keys(row)) names.add(name);
  return [...names];
}

/** Wall time spent per stage, summed over the stage's slices. */
class StageTimer {
  readonly stages: Record<QueryStage, number> = { plan: 0, prune: 0, read: 0, execute: 0, format: 0 };

  time<T>(stage: QueryStage, work: () => T): T {
    const start = performance.now();
    try {
      return work();
    } finally {
      this.stages[stage] += performance.now() - start;
    }
  }

  async timeAsync<T>(stage: QueryStage, work: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await work();
    } finally {
      this.stages[stage] += performance.now() - start;
    }
  }
}
