import { HttpError, jsonResponse, type HttpRequest, type HttpResponse, type Route } from '@prism/server';
import { parseDslQuery } from '../dsl/parse-query';
import { dslResponseOf, type DslResponse } from '../dsl/json-result';
import type { QueryEngine } from '../engine/query-engine';
import { QueryBudgetExceededError, QueryValidationError } from '../errors';

/** The DSL endpoint's path. */
export const QUERY_PATH = '/api/v1/query';

/** What the query routes need; `authenticate` turns a request into its tenant (API-key auth is the app's). */
export interface QueryRouteDeps {
  engine: QueryEngine;
  /** The authenticated tenant of a request; throw an HttpError (401/403) when there is none. */
  authenticate: (request: HttpRequest) => string | Promise<string>;
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
 * The one mapping from query errors to HTTP: validation → 400 `invalid_query` with the path,
 * budget → 422 `query_budget_exceeded`; undefined for anything else (a bug: let the router 500).
 */
export function queryErrorResponse(error: unknown): HttpResponse | undefined {
  if (error instanceof QueryValidationError) {
    return jsonResponse(400, { error: { code: 'invalid_query', message: error.message, path: error.path } });
  }
  if (error instanceof QueryBudgetExceededError) {
    return jsonResponse(422, { error: { code: 'query_budget_exceeded', message: error.message, budget: error.kind } });
  }
  return undefined;
}

/** `POST /api/v1/query`: the JSON query DSL. */
export function queryRoutes(deps: QueryRouteDeps): Route[] {
  const clock = deps.clock ?? Date.now;
  return [
    {
      method: 'POST',
      path: QUERY_PATH,
      handler: async (request) => {
        const tenantId = await deps.authenticate(request);
        let body: unknown;
        try {
          body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(request.body));
        } catch {
          throw new HttpError(400, 'invalid_json', 'the request body is not valid UTF-8 JSON');
        }
        try {
          return jsonResponse(200, await runDslQuery(deps.engine, body, tenantId, clock()));
        } catch (error) {
          const response = queryErrorResponse(error);
          if (response !== undefined) return response;
          throw error;
        }
      },
    },
  ];
}
