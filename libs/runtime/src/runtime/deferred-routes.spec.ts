import { createRouter, jsonResponse, type RequestContext, type Route } from '@prism/server';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../test-support/runtime-fixture';
import { deferredRoutes } from './deferred-routes';

const context: RequestContext = { logger: silentLogger, requestId: 'test' };
const get = (router: ReturnType<typeof createRouter>, path: string) =>
  router.dispatch({ method: 'GET', path, query: new URLSearchParams(), headers: {}, body: new Uint8Array() }, context);
const route = (path: string, answer: string): Route => ({ method: 'GET', path, handler: () => jsonResponse(200, { answer }) });

describe('deferredRoutes', () => {
  it('holds requests until the routes are ready, then serves through them', async () => {
    let resolve: (routes: Route[]) => void = () => undefined;
    const router = createRouter(deferredRoutes([{ method: 'GET', path: '/a' }], new Promise<Route[]>((done) => (resolve = done))));
    const pending = get(router, '/a');
    resolve([route('/a', 'served')]);
    const response = await pending;
    expect(response.status).toBe(200);
    expect(JSON.parse(String(response.body))).toEqual({ answer: 'served' });
  });

  it('answers 503 with retry-after when opening failed, and 404 for a shape the ready routes lack', async () => {
    const failed = createRouter(deferredRoutes([{ method: 'GET', path: '/a' }], Promise.reject(new Error('catalog down'))));
    const unavailable = await get(failed, '/a');
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers?.['retry-after']).toBe('5');
    const missing = createRouter(deferredRoutes([{ method: 'GET', path: '/b' }], Promise.resolve([route('/a', 'a')])));
    expect((await get(missing, '/b')).status).toBe(404);
  });
});
