import type { QueryPlan, TimeRange } from './query-plan';
import type { RowValue } from './row-values';
import type { TenantContext } from './tenant-context';

/**
 * The narrow view of the query engine a signal plug-in's routes get: run a plan for the
 * authenticated tenant, or fetch one trace through trace hints and Bloom filters. The engine in
 * `@prism/query` implements it; plug-ins never import the engine.
 */
export interface SignalQueryEngine {
  /** Validates and runs a plan; rows are JS values (bigint for int64, Uint8Array for bytes). */
  execute(plan: QueryPlan, context: TenantContext): Promise<{ rows: Array<Record<string, RowValue>> }>;
  /** Every row (all columns) of one trace of `signal`, earliest first. */
  findTrace(
    traceIdHex: string,
    context: TenantContext,
    options: { signal: string; dataset?: string; timeRange?: TimeRange; limit?: number },
  ): Promise<{ rows: Array<Record<string, RowValue>> }>;
}

/** What a plug-in route handler sees of a request: its path parameters and query string. */
export interface SignalRouteRequest {
  /** Path parameters, e.g. `traceId` of `/api/v2/trace/:traceId`. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
}

/** Per request: the engine facade, the authenticated tenant, and "now" from the service's clock. */
export interface SignalRouteContext {
  readonly engine: SignalQueryEngine;
  readonly tenant: TenantContext;
  /** Milliseconds since the epoch. */
  readonly nowMs: number;
}

/**
 * An HTTP route a signal plug-in adds to the query service. The query service authenticates the
 * request first, answers 200 with the JSON of what `handle` returns, maps query validation and
 * budget errors as for `POST /api/v1/query`, and a {@link SignalRouteError} to its status.
 *
 * @example
 * { method: 'GET', path: '/api/v1/logs/summary', handle: async (_request, { engine, tenant }) => (await engine.execute({ signal: 'logs', aggregates: [{ fn: 'count' }] }, tenant)).rows }
 */
export interface SignalQueryRoute {
  readonly method: 'GET';
  /** Absolute path; `:name` segments are path parameters. */
  readonly path: string;
  handle(request: SignalRouteRequest, context: SignalRouteContext): Promise<unknown>;
}

/** A client error a plug-in route answers with, e.g. `new SignalRouteError(404, 'trace_not_found', '…')`. */
export class SignalRouteError extends Error {
  override readonly name = 'SignalRouteError';

  constructor(
    readonly status: 400 | 404,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
