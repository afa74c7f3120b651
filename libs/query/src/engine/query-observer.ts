import type { QueryStage } from './query-explain';

/** One query the engine ran, as metrics see it: no tenant, no plan text (unbounded, and private to the tenant). */
export interface ObservedQuery {
  /** The signal queried (`spans`), or `unknown` when the plan named none the registry knows. */
  signal: string;
  /** `ok`, or `failed` for every error (bad plan, budget exceeded, a store down). */
  outcome: 'ok' | 'failed';
  /** Seconds spent in each named stage; zeros for a failed query, whose stages are not reported. */
  stageSeconds: Record<QueryStage, number>;
}

/** Told about every query the engine finishes (the runtime records them as metrics); the engine knows no metrics library. */
export interface QueryObserver {
  queryFinished(query: ObservedQuery): void;
}
