import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging/json-logger';
import { HttpError } from './http-error';
import { jsonResponse } from './http-types';
import type { HttpResponse, IncomingRequest, Route } from './http-types';
import { createRouter } from './router';

function request(method: string, path: string): IncomingRequest {
  return { method, path, query: new URLSearchParams(), headers: {}, body: new Uint8Array() };
}

function withLog() {
  const lines: string[] = [];
  const logger = createLogger({ write: (line) => lines.push(line) });
  return { context: { logger, requestId: 'r1' }, lines };
}

function bodyOf(response: HttpResponse): unknown {
  return JSON.parse(String(response.body));
}

const routes: Route[] = [
  { method: 'GET', path: '/healthz', handler: () => jsonResponse(200, { status: 'ok' }) },
  { method: 'POST', path: '/v1/traces', handler: (req) => jsonResponse(200, { bytes: req.body.length }) },
  { method: 'PUT', path: '/v1/traces', handler: () => jsonResponse(204, null) },
  { method: 'GET', path: '/api/v2/trace/:traceId', handler: (req) => jsonResponse(200, req.params) },
  { method: 'GET', path: '/api/v2/services', handler: () => jsonResponse(200, ['literal']) },
  { method: 'GET', path: '/api/v2/:name', handler: (req) => jsonResponse(200, ['param', req.params.name]) },
  { method: 'GET', path: '/', handler: () => jsonResponse(200, 'root') },
];

describe('createRouter', () => {
  const router = createRouter(routes);

  it('dispatches on method and path', async () => {
    const { context } = withLog();
    const response = await router.dispatch({ ...request('POST', '/v1/traces'), body: new Uint8Array(3) }, context);
    expect(response.status).toBe(200);
    expect(bodyOf(response)).toEqual({ bytes: 3 });
    expect(bodyOf(await router.dispatch(request('GET', '/'), context))).toBe('root');
  });

  it('answers HEAD with the GET route', async () => {
    const { context } = withLog();
    expect((await router.dispatch(request('HEAD', '/healthz'), context)).status).toBe(200);
  });

  it('decodes path parameters and prefers literal segments', async () => {
    const { context } = withLog();
    expect(bodyOf(await router.dispatch(request('GET', '/api/v2/trace/ab%20cd'), context))).toEqual({ traceId: 'ab cd' });
    expect(bodyOf(await router.dispatch(request('GET', '/api/v2/services'), context))).toEqual(['literal']);
    expect(bodyOf(await router.dispatch(request('GET', '/api/v2/spans'), context))).toEqual(['param', 'spans']);
  });

  it('answers 404 with a JSON error for unknown paths and empty parameters', async () => {
    const { context } = withLog();
    for (const path of ['/nope', '/healthz/', '/api/v2/trace/', '/api/v2/trace/a/b']) {
      const response = await router.dispatch(request('GET', path), context);
      expect(response.status, path).toBe(404);
      expect(response.headers?.['content-type']).toContain('application/json');
      expect(bodyOf(response)).toEqual({ error: { code: 'not_found', message: `No endpoint at ${path}` } });
    }
  });

  it('answers 405 with the allowed methods', async () => {
    const { context } = withLog();
    const response = await router.dispatch(request('DELETE', '/v1/traces'), context);
    expect(response.status).toBe(405);
    expect(response.headers?.allow).toBe('POST, PUT');
    expect(bodyOf(response)).toEqual({ error: { code: 'method_not_allowed', message: 'DELETE is not allowed on /v1/traces' } });
  });

  it('answers 400 for malformed percent-encoding in a parameter', async () => {
    const { context } = withLog();
    const response = await router.dispatch(request('GET', '/api/v2/trace/%E0%A4%A'), context);
    expect(response.status).toBe(400);
    expect(bodyOf(response)).toMatchObject({ error: { code: 'bad_path' } });
  });

  it('maps a thrown HttpError to its status, code and headers', async () => {
    const { context, lines } = withLog();
    const failing = createRouter([
      {
        method: 'POST',
        path: '/busy',
        handler: () => {
          throw new HttpError(503, 'overloaded', 'Try again later', { 'retry-after': '5' });
        },
      },
    ]);
    const response = await failing.dispatch(request('POST', '/busy'), context);
    expect(response).toMatchObject({ status: 503, headers: { 'retry-after': '5' } });
    expect(bodyOf(response)).toEqual({ error: { code: 'overloaded', message: 'Try again later' } });
    expect(lines).toEqual([]);
  });

  it('hides unexpected errors behind a 500 and logs them', async () => {
    const { context, lines } = withLog();
    const failing = createRouter([
      {
        method: 'GET',
        path: '/bug',
        handler: async () => {
          throw new TypeError('secret detail');
        },
      },
    ]);
    const response = await failing.dispatch(request('GET', '/bug'), context);
    expect(response.status).toBe(500);
    expect(bodyOf(response)).toEqual({ error: { code: 'internal', message: 'Internal server error' } });
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'error', error: { name: 'TypeError', message: 'secret detail' } });
  });

  it('names the template that serves a path (a bounded metrics label), literal before parameter, none for unknown paths', () => {
    expect(router.templateOf('/api/v2/trace/5b8efff798038103d269b633813fc60c')).toBe('/api/v2/trace/:traceId');
    expect(router.templateOf('/api/v2/services')).toBe('/api/v2/services');
    expect(router.templateOf('/api/v2/anything')).toBe('/api/v2/:name');
    expect(router.templateOf('/v1/traces')).toBe('/v1/traces');
    expect(router.templateOf('/no/such/path')).toBeUndefined();
    expect(router.templateOf('/api/v2/trace/%E0%A4%A')).toBeUndefined();
  });

  it('refuses a route registered twice, even under another parameter name', () => {
    const handler = () => jsonResponse(200, {});
    expect(() =>
      createRouter([
        { method: 'GET', path: '/trace/:id', handler },
        { method: 'GET', path: '/trace/:traceId', handler },
      ]),
    ).toThrow('Route GET /trace/:traceId is registered twice');
  });

  it('matches a trailing * route after every other route, with the rest of the path, and 404s other methods there', async () => {
    const { context } = withLog();
    const withRest = createRouter([
      ...routes,
      { method: 'GET', path: '/*', handler: (req) => jsonResponse(200, ['rest', req.params['*']]) },
      { method: 'GET', path: '/files/*', handler: (req) => jsonResponse(200, ['files', req.params['*']]) },
    ]);
    expect(bodyOf(await withRest.dispatch(request('GET', '/healthz'), context))).toEqual({ status: 'ok' });
    expect(bodyOf(await withRest.dispatch(request('GET', '/'), context))).toBe('root');
    expect(bodyOf(await withRest.dispatch(request('GET', '/a/b%2Fc'), context))).toEqual(['rest', 'a/b%2Fc']);
    expect(bodyOf(await withRest.dispatch(request('GET', '/files/x/y'), context))).toEqual(['files', 'x/y']);
    expect(bodyOf(await withRest.dispatch(request('GET', '/files'), context))).toEqual(['files', '']);
    expect((await withRest.dispatch(request('POST', '/nope'), context)).status).toBe(404);
    expect((await withRest.dispatch(request('PUT', '/healthz'), context)).status).toBe(405);
  });
});
