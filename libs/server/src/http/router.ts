import { errorResponse } from './error-mapping';
import { HttpError } from './http-error';
import type { HttpMethod, HttpResponse, IncomingRequest, RequestContext, Route, RouteHandler } from './http-types';

/** Finds the handler for a request and turns every failure into a JSON error response. */
export interface Router {
  dispatch(request: IncomingRequest, context: RequestContext): Promise<HttpResponse>;
}

type Segment = { literal: string } | { param: string };

interface CompiledPath {
  path: string;
  segments: Segment[];
  handlers: Map<HttpMethod, RouteHandler>;
}

/**
 * Builds a router from a route list. Paths match segment by segment; `:name` matches one segment.
 * A path that exists with other methods answers 405 with `allow`; an unknown path answers 404.
 *
 * @example
 * const router = createRouter([{ method: 'GET', path: '/healthz', handler: () => jsonResponse(200, { status: 'ok' }) }]);
 */
export function createRouter(routes: readonly Route[]): Router {
  const paths = compile(routes);
  return {
    async dispatch(request, context) {
      try {
        const found = match(paths, request.path);
        if (!found) throw new HttpError(404, 'not_found', `No endpoint at ${request.path}`);
        const method = (request.method === 'HEAD' ? 'GET' : request.method) as HttpMethod;
        const handler = found.compiled.handlers.get(method);
        if (!handler) {
          const allowed = [...found.compiled.handlers.keys()].sort().join(', ');
          throw new HttpError(405, 'method_not_allowed', `${request.method} is not allowed on ${request.path}`, {
            allow: allowed,
          });
        }
        return await handler({ ...request, params: found.params }, context);
      } catch (error) {
        return errorResponse(error, context.logger);
      }
    },
  };
}

function compile(routes: readonly Route[]): CompiledPath[] {
  const byPath = new Map<string, CompiledPath>();
  for (const route of routes) {
    const segments = splitPath(route.path).map((part): Segment => (part.startsWith(':') ? { param: part.slice(1) } : { literal: part }));
    // Two spellings of one pattern (`:id` vs `:traceId`) are the same path to the matcher.
    const shape = segments.map((segment) => ('param' in segment ? ':' : segment.literal)).join('/');
    const compiled = byPath.get(shape) ?? { path: route.path, segments, handlers: new Map() };
    if (compiled.handlers.has(route.method)) {
      throw new Error(`Route ${route.method} ${route.path} is registered twice`);
    }
    compiled.handlers.set(route.method, route.handler);
    byPath.set(shape, compiled);
  }
  // Literal segments beat parameters: `/api/v2/services` wins over `/api/v2/:name`.
  return [...byPath.values()].sort((a, b) => specificity(b) - specificity(a));
}

function specificity(compiled: CompiledPath): number {
  return compiled.segments.filter((segment) => 'literal' in segment).length;
}

function match(paths: readonly CompiledPath[], path: string) {
  const parts = splitPath(path);
  for (const compiled of paths) {
    if (compiled.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const matched = compiled.segments.every((segment, index) => {
      if ('literal' in segment) return segment.literal === parts[index];
      if (parts[index] === '') return false;
      params[segment.param] = decodeSegment(parts[index]);
      return true;
    });
    if (matched) return { compiled, params };
  }
  return undefined;
}

function splitPath(path: string): string[] {
  return path === '/' ? [] : path.replace(/^\//, '').split('/');
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, 'bad_path', `Malformed percent-encoding in path segment "${segment}"`);
  }
}
