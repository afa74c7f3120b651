import { BaseColumn, type QueryPlan, type Signal, type SignalAggregate, type SignalQueryEngine, type TenantContext } from '@prism/contract';
import { BudgetMeter, defaultQueryBudget, type QueryBudget } from '../budget/query-budget';
import { defaultPlanLimits, type PlanLimits } from '../plan/resolve-plan';
import type { QueryCatalog } from '../prune/segment-candidates';
import type { SegmentSource } from '../segment/segment-source';
import { ExplainRecorder } from './explain-recorder';
import type { QueryExplain, QueryStage } from './query-explain';
import type { QueryObserver } from './query-observer';
import { findUnits } from './stages/find-units';
import { formatResult, type FormattedResult } from './stages/format-result';
import { planQuery } from './stages/plan-query';
import { resultSinkOf } from './stages/result-sink';
import { scanUnits } from './stages/scan-units';

/** What the engine runs on. */
export interface QueryEngineOptions {
  catalog: QueryCatalog;
  segments: SegmentSource;
  /** Signal lookup, injected by whoever composes the engine (the runtime: the signal registry). */
  findSignal: (name: string) => Signal | undefined;
  /** Aggregates the registered signals declare (`signal.query.aggregates`, e.g. `rate`) beside the built-in ones. */
  aggregates: readonly SignalAggregate[];
  /** Milliseconds clock for the time budget. */
  clock: () => number;
  budget: QueryBudget;
  limits: PlanLimits;
  /** Distinct values counted exactly per group before `count_distinct` switches to HyperLogLog. */
  exactDistinctLimit: number;
  /** Told about every finished query (stage times for metrics); none by default. */
  observer?: QueryObserver;
}

export function defaultQueryEngineOptions(): Omit<QueryEngineOptions, 'catalog' | 'segments' | 'findSignal'> {
  return { aggregates: [], clock: Date.now, budget: defaultQueryBudget(), limits: defaultPlanLimits(), exactDistinctLimit: 10_000 };
}

/** Rows (JS values: bigint for int64, Uint8Array for bytes) with the explain section. */
export interface QueryResult extends FormattedResult {
  explain: QueryExplain;
}

/** Per-call options. */
export interface ExecuteOptions {
  budget?: Partial<QueryBudget>;
}

/**
 * Runs queries as named stages (`stages/`), each reporting to an {@link ExplainRecorder}: plan →
 * candidates (catalog) → per unit: prune (block stats, dictionaries, Bloom filters) → read (only
 * the needed columns of surviving commits) → filter → aggregate or collect (hash aggregation,
 * top-k rows) → format. The tenant comes only from the {@link TenantContext}: the
 * catalog is asked through that tenant's view, segments are opened under that tenant, and a
 * `tenant_id` predicate is added to every query.
 *
 * @example
 * const engine = new QueryEngine({ catalog, segments: hotSegmentSource(hotDir), findSignal: signalByName });
 * const { rows, explain } = await engine.execute(
 *   { signal: 'spans', groupBy: [{ column: 'service' }], aggregates: [{ fn: 'percentile', column: 'duration', q: 0.95 }] },
 *   { tenantId: 'acme' },
 * );
 */
export class QueryEngine implements SignalQueryEngine {
  private readonly options: QueryEngineOptions;

  constructor(options: Partial<QueryEngineOptions> & Pick<QueryEngineOptions, 'catalog' | 'segments' | 'findSignal'>) {
    this.options = { ...defaultQueryEngineOptions(), ...options };
  }

  /** Validates and runs a plan for the tenant; QueryValidationError / QueryBudgetExceededError on failure. */
  async execute(plan: QueryPlan, context: TenantContext, options: ExecuteOptions = {}): Promise<QueryResult> {
    const { observer } = this.options;
    if (observer === undefined) return this.run(plan, context, options);
    const signal = this.options.findSignal(plan.signal)?.name ?? 'unknown';
    let result: QueryResult;
    try {
      result = await this.run(plan, context, options);
    } catch (error) {
      observer.queryFinished({ signal, outcome: 'failed', stageSeconds: { plan: 0, prune: 0, read: 0, execute: 0, format: 0 } });
      throw error;
    }
    const stageSeconds = Object.fromEntries(Object.entries(result.explain.stageMs).map(([stage, ms]) => [stage, ms / 1000])) as Record<QueryStage, number>;
    observer.queryFinished({ signal, outcome: 'ok', stageSeconds });
    return result;
  }

  private async run(plan: QueryPlan, context: TenantContext, options: ExecuteOptions): Promise<QueryResult> {
    const { catalog, segments, findSignal, aggregates, limits, clock, exactDistinctLimit } = this.options;
    const meter = new BudgetMeter({ ...this.options.budget, ...options.budget }, clock);
    const recorder = new ExplainRecorder(context.tenantId);
    const query = recorder.time('plan', () => planQuery(plan, context.tenantId, findSignal, limits, aggregates));
    recorder.planned(query.plan);
    const units = await findUnits(query, catalog, segments, recorder);
    const sink = resultSinkOf(query.plan, meter, exactDistinctLimit);
    await scanUnits(units, { query, sink, meter, recorder });
    const result = recorder.time('format', () => formatResult(query.plan, sink));
    return { ...result, explain: recorder.finish() };
  }

  /**
   * Every row of one trace of `options.signal` (for spans: spans and span events), found through
   * trace hints and Bloom filters; all columns. For trace-by-id lookups such as the Zipkin API's.
   */
  async findTrace(
    traceIdHex: string,
    context: TenantContext,
    options: { signal: string; dataset?: string; timeRange?: QueryPlan['timeRange']; limit?: number },
  ): Promise<QueryResult> {
    return this.execute(
      {
        signal: options.signal,
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
