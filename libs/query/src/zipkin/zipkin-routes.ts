import type { Signal } from '@prism/contract';
import { signalByName } from '@prism/signal-registry';
import { HttpError, jsonResponse, type HttpRequest, type Route } from '@prism/server';
import type { QueryEngine, TenantContext } from '../engine/query-engine';
import { asHttpError, type RequestAuthenticator } from '../http/query-routes';
import { parseAnnotationQuery } from './annotation-query';
import { serviceDependencies } from './service-dependencies';
import { lookupTrace } from './trace-lookup';
import { searchTraces } from './trace-search';
import { autocompleteKeys, autocompleteValues, remoteServiceNames, serviceNames, spanNames } from './zipkin-names';
import { DEFAULT_TRACE_LIMIT, badRequest, integerParam, optionalParam, requiredParam, timeWindowOf, traceIdParam, traceIdsParam } from './zipkin-params';
import { zipkinRendererOf } from './zipkin-renderer';

/** Base path of the Zipkin v2 API. */
export const ZIPKIN_API_PATH = '/api/v2';

/** What the Zipkin routes need; `authenticate` turns a request into its tenant, as for `queryRoutes`. */
export interface ZipkinRouteDeps {
  engine: QueryEngine;
  authenticate: RequestAuthenticator;
  /** Milliseconds clock: the default `endTs`. */
  clock?: () => number;
  /** Tag keys offered by `/autocompleteKeys` (Zipkin's AUTOCOMPLETE_KEYS); the keys present when absent. */
  autocompleteKeys?: readonly string[];
  /** Signal lookup, for the spans signal's `zipkin-v2` output format; the registry by default. */
  findSignal?: (name: string) => Signal | undefined;
}

type Handler = (request: HttpRequest, context: TenantContext, nowMs: number) => Promise<unknown>;

/**
 * The Zipkin v2 query API (zipkin2-api.yaml) over the query engine, for spans ingested through
 * OTLP or Zipkin: `GET /api/v2/services`, `/spans`, `/remoteServices`, `/traces`,
 * `/trace/:traceId`, `/traceMany`, `/dependencies`, `/autocompleteKeys`, `/autocompleteValues`.
 * Bad parameters answer 400, an unknown trace 404. The tenant comes from `authenticate` only.
 *
 * @example
 * const router = createRouter([...zipkinRoutes({ engine, authenticate: gateway.authenticate })]);
 */
export function zipkinRoutes(deps: ZipkinRouteDeps): Route[] {
  const clock = deps.clock ?? Date.now;
  const { engine } = deps;
  const render = zipkinRendererOf(deps.findSignal ?? signalByName);
  const lookups = { engine, render };
  const configuredKeys = deps.autocompleteKeys;

  const get = (path: string, handler: Handler): Route => ({
    method: 'GET',
    path: ZIPKIN_API_PATH + path,
    handler: async (request, context) => {
      const { tenantId } = await deps.authenticate(request, context);
      try {
        return jsonResponse(200, await handler(request, { tenantId }, clock()));
      } catch (error) {
        throw asHttpError(error);
      }
    },
  });

  return [
    get('/services', (request, context, now) => serviceNames(engine, timeWindowOf(request.query, now), context)),
    get('/spans', (request, context, now) => spanNames(engine, requiredParam(request.query, 'serviceName'), timeWindowOf(request.query, now), context)),
    get('/remoteServices', (request, context, now) =>
      remoteServiceNames(engine, requiredParam(request.query, 'serviceName'), timeWindowOf(request.query, now), context),
    ),
    get('/traces', (request, context, now) => {
      const query = request.query;
      const minDuration = integerParam(query, 'minDuration');
      const maxDuration = integerParam(query, 'maxDuration');
      if (minDuration !== undefined && maxDuration !== undefined && maxDuration < minDuration) {
        throw badRequest('maxDuration must be at least minDuration');
      }
      const annotationQuery = optionalParam(query, 'annotationQuery');
      return searchTraces(
        lookups,
        {
          serviceName: optionalParam(query, 'serviceName'),
          remoteServiceName: optionalParam(query, 'remoteServiceName'),
          spanName: optionalParam(query, 'spanName'),
          annotations: annotationQuery === undefined ? [] : parseAnnotationQuery(annotationQuery),
          minDuration,
          maxDuration,
          window: timeWindowOf(query, now),
          limit: integerParam(query, 'limit', 1) ?? DEFAULT_TRACE_LIMIT,
        },
        context,
      );
    }),
    get('/trace/:traceId', async (request, context, now) => {
      const traceId = traceIdParam(request.params['traceId'] ?? '');
      const trace = await lookupTrace(lookups, traceId, context, timeWindowOf(new URLSearchParams(), now));
      if (trace.length === 0) throw new HttpError(404, 'trace_not_found', `trace ${traceId} not found`);
      return trace;
    }),
    get('/traceMany', async (request, context, now) => {
      const window = timeWindowOf(new URLSearchParams(), now);
      const traces = await Promise.all(traceIdsParam(request.query).map((id) => lookupTrace(lookups, id, context, window)));
      return traces.filter((trace) => trace.length > 0);
    }),
    get('/dependencies', (request, context, now) => serviceDependencies(engine, render, timeWindowOf(request.query, now, true), context)),
    get('/autocompleteKeys', (request, context, now) => autocompleteKeys(engine, render, configuredKeys, timeWindowOf(request.query, now), context)),
    get('/autocompleteValues', (request, context, now) =>
      autocompleteValues(engine, requiredParam(request.query, 'key'), configuredKeys, timeWindowOf(request.query, now), context),
    ),
  ];
}

