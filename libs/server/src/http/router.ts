import { errorResponse } from './error-mapping';
import { HttpError } from './http-error';
import type { HttpMethod, HttpResponse, IncomingRequest, RequestContext, Route, RouteHandler } from './http-types';

/** Finds the handler for a request and turns every failure into a JSON error response. */
export interface Router {
  dispatch(request: IncomingRequest, context: RequestContext): Promise<HttpResponse>;
  /** The template of the route that serves `path` (`/api/v2/trace/:traceId`), if any: a bounded label for metrics. */
  templateOf(path: string): string | undefined;
}

/** `*` as the last segment of a route path matches the rest of the path (zero or more segments). */
type Segment = { literal: string } | { param: string } | { rest: true };

interface CompiledPath {
  path: string;
  segments: Segment[];
  handlers: Map<HttpMethod, RouteHandler>;
}

/**
 * Builds a router from a route list. Paths match segment by segment; `:name` matches one segment, and
 * a last segment `*` matches whatever is left (the rest goes to `params['*']`, still encoded), after
 * every other route. A path that exists with other methods answers 405 with `allow`; an unknown path
 * (or one only a `*` route matched, for another method) answers 404.
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
        if (!handler && isRest(found.compiled)) throw new HttpError(404, 'not_found', `No endpoint at ${request.path}`);
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
    templateOf(path) {
      try {
        return match(paths, path)?.compiled.path;
      } catch {
        return undefined;
      }
    },
  };
}

function compile(routes: readonly Route[]): CompiledPath[] {
  const byPath = new Map<string, CompiledPath>();
  for (const route of routes) {
    const parts = splitPath(route.path);
    const segments = parts.map((part, index): Segment => {
      if (part === '*' && index === parts.length - 1) return { rest: true };
      return part.startsWith(':') ? { param: part.slice(1) } : { literal: part };
    });
    // Two spellings of one pattern (`:id` vs `:traceId`) are the same path to the matcher.
    const shape = segments.map((segment) => ('literal' in segment ? segment.literal : 'param' in segment ? ':' : '*')).join('/');
    const compiled = byPath.get(shape) ?? { path: route.path, segments, handlers: new Map() };
    if (compiled.handlers.has(route.method)) {
      throw new Error(`Route ${route.method} ${route.path} is registered twice`);
    }
    compiled.handlers.set(route.method, route.handler);
    byPath.set(shape, compiled);
  }
  // Literal segments beat parameters: `/api/v2/services` wins over `/api/v2/:name`; `*` routes come last.
  return [...byPath.values()].sort((a, b) => specificity(b) - specificity(a));
}

function isRest(compiled: CompiledPath): boolean {
  return compiled.segments.some((segment) => 'rest' in segment);
}

function specificity(compiled: CompiledPath): number {
  const literals = compiled.segments.filter((segment) => 'literal' in segment).length;
  return isRest(compiled) ? literals - 1000 : literals;
}

function match(paths: readonly CompiledPath[], path: string) {
  const parts = splitPath(path);
  for (const compiled of paths) {
    const rest = isRest(compiled);
    if (rest ? parts.length < compiled.segments.length - 1 : compiled.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const matched = compiled.segments.every((segment, index) => {
      if ('rest' in segment) {
        params['*'] = parts.slice(index).join('/');
        return true;
      }
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
