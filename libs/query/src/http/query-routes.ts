import { isTransientCatalogError } from '@prism/catalog';
import { HttpError, jsonResponse, unavailableError, type HttpRequest, type RequestContext, type Route } from '@prism/server';
import { ObjectStoreError } from '@prism/storage';
import type { TenantContext } from '@prism/contract';
import { parseDslQuery } from '../dsl/parse-query';
import { dslResponseOf, type DslResponse } from '../dsl/json-result';
import type { QueryEngine } from '../engine/query-engine';
import { QueryBudgetExceededError, QueryValidationError } from '../errors';

/** The DSL endpoint's path. */
export const QUERY_PATH = '/api/v1/query';

/** The tenant of a request, e.g. the server's `ApiKeyGateway.authenticate`; throws an HttpError (401, 503) when there is none. */
export type RequestAuthenticator = (request: HttpRequest, context: RequestContext) => TenantContext | Promise<TenantContext>;

/** What the query routes need; `authenticate` turns a request into its tenant (API-key auth is the edge's). */
export interface QueryRouteDeps {
  engine: QueryEngine;
  authenticate: RequestAuthenticator;
  clock?: () => number;
}

/**
 * Runs a DSL query body for a tenant given explicitly (by authentication, never by the body).
 * @example const response = await runDslQuery(engine, { signal: 'logs', aggregates: [{ fn: 'count' }] }, 'acme');
 */
export async function runDslQuery(engine: QueryEngine, body: unknown, tenantId: string, nowMs: number = Date.now()): Promise<DslResponse> {
  const { plan, explain } = parseDslQuery(body, nowMs);
  return dslResponseOf(await engine.execute(plan, { tenantId }), explain);
}

/**
 * Query's errors as HttpErrors, for the server's error mapping to answer: validation → 400
 * `invalid_query` with the path, budget → 422 `query_budget_exceeded`, a catalog or object store
 * that cannot be reached right now (a transient failure, an open circuit) → 503 with Retry-After;
 * anything else unchanged (a bug: the router answers 500).
 */
export function asHttpError(error: unknown): unknown {
  if (error instanceof QueryValidationError) return new HttpError(400, 'invalid_query', error.message, {}, { path: error.path });
  if (error instanceof QueryBudgetExceededError) return new HttpError(422, 'query_budget_exceeded', error.message, {}, { budget: error.kind });
  if (error instanceof ObjectStoreError && error.transient) return unavailableError('the object store is unavailable; retry');
  if (isTransientCatalogError(error)) return unavailableError('the catalog is unavailable; retry');
  return error;
}

/** `POST /api/v1/query`: the JSON query DSL. */
export function queryRoutes(deps: QueryRouteDeps): Route[] {
  const clock = deps.clock ?? Date.now;
  return [
    {
      method: 'POST',
      path: QUERY_PATH,
      handler: async (request, context) => {
        const { tenantId } = await deps.authenticate(request, context);
        let body: unknown;
        try {
          body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(request.body));
        } catch {
          throw new HttpError(400, 'invalid_json', 'the request body is not valid UTF-8 JSON');
        }
        try {
          return jsonResponse(200, await runDslQuery(deps.engine, body, tenantId, clock()));
        } catch (error) {
          throw asHttpError(error);
        }
      },
    },
  ];
}
