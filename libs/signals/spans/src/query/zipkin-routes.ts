import { SignalRouteError, type SignalQueryRoute, type SignalRouteContext, type SignalRouteRequest } from '@prism/contract';
import { parseAnnotationQuery } from './annotation-query';
import { serviceDependencies } from './service-dependencies';
import { lookupTrace } from './trace-lookup';
import { searchTraces } from './trace-search';
import { autocompleteKeys, autocompleteValues, remoteServiceNames, serviceNames, spanNames } from './zipkin-names';
import { DEFAULT_TRACE_LIMIT, badRequest, integerParam, optionalParam, requiredParam, timeWindowOf, traceIdParam, traceIdsParam } from './zipkin-params';
import { zipkinRenderer } from './zipkin-renderer';

/** Base path of the Zipkin v2 API. */
export const ZIPKIN_API_PATH = '/api/v2';

/** Options of the Zipkin routes. */
export interface ZipkinRouteOptions {
  /** Tag keys offered by `/autocompleteKeys` (Zipkin's AUTOCOMPLETE_KEYS); the keys present when absent. */
  autocompleteKeys?: readonly string[];
}

type Handler = (request: SignalRouteRequest, context: SignalRouteContext) => Promise<unknown>;

/**
 * The Zipkin v2 query API (zipkin2-api.yaml), the spans signal's own query routes, for spans
 * ingested through OTLP or Zipkin: `GET /api/v2/services`, `/spans`, `/remoteServices`, `/traces`,
 * `/trace/:traceId`, `/traceMany`, `/dependencies`, `/autocompleteKeys`, `/autocompleteValues`.
 * Bad parameters answer 400, an unknown trace 404. The query service mounts them (see
 * `SignalQueryHooks.routes`) and authenticates each request first.
 *
 * @example
 * export const spansQueryHooks: SignalQueryHooks = { ..., routes: zipkinRoutes() };
 */
export function zipkinRoutes(options: ZipkinRouteOptions = {}): SignalQueryRoute[] {
  const render = zipkinRenderer;
  const configuredKeys = options.autocompleteKeys;
  const get = (path: string, handle: Handler): SignalQueryRoute => ({ method: 'GET', path: ZIPKIN_API_PATH + path, handle });

  return [
    get('/services', (request, { engine, tenant: context, nowMs: now }) => serviceNames(engine, timeWindowOf(request.query, now), context)),
    get('/spans', (request, { engine, tenant: context, nowMs: now }) =>
      spanNames(engine, requiredParam(request.query, 'serviceName'), timeWindowOf(request.query, now), context),
    ),
    get('/remoteServices', (request, { engine, tenant: context, nowMs: now }) =>
      remoteServiceNames(engine, requiredParam(request.query, 'serviceName'), timeWindowOf(request.query, now), context),
    ),
    get('/traces', (request, { engine, tenant: context, nowMs: now }) => {
      const query = request.query;
      const minDuration = integerParam(query, 'minDuration');
      const maxDuration = integerParam(query, 'maxDuration');
      if (minDuration !== undefined && maxDuration !== undefined && maxDuration < minDuration) {
        throw badRequest('maxDuration must be at least minDuration');
      }
      const annotationQuery = optionalParam(query, 'annotationQuery');
      return searchTraces(
        { engine, render },
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
    get('/trace/:traceId', async (request, { engine, tenant: context, nowMs: now }) => {
      const traceId = traceIdParam(request.params['traceId'] ?? '');
      const trace = await lookupTrace({ engine, render }, traceId, context, timeWindowOf(new URLSearchParams(), now));
      if (trace.length === 0) throw new SignalRouteError(404, 'trace_not_found', `trace ${traceId} not found`);
      return trace;
    }),
    get('/traceMany', async (request, { engine, tenant: context, nowMs: now }) => {
      const window = timeWindowOf(new URLSearchParams(), now);
      const traces = await Promise.all(traceIdsParam(request.query).map((id) => lookupTrace({ engine, render }, id, context, window)));
      return traces.filter((trace) => trace.length > 0);
    }),
    get('/dependencies', (request, { engine, tenant: context, nowMs: now }) =>
      serviceDependencies(engine, render, timeWindowOf(request.query, now, true), context),
    ),
    get('/autocompleteKeys', (request, { engine, tenant: context, nowMs: now }) =>
      autocompleteKeys(engine, render, configuredKeys, timeWindowOf(request.query, now), context),
    ),
    get('/autocompleteValues', (request, { engine, tenant: context, nowMs: now }) =>
      autocompleteValues(engine, requiredParam(request.query, 'key'), configuredKeys, timeWindowOf(request.query, now), context),
    ),
  ];
}
