import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { healthRoutes } from '../http/health-routes';
import { jsonResponse } from '../http/http-types';
import type { HttpRequest, Route } from '../http/http-types';
import type { ObservedRequest } from '../http/request-observer';
import { createLogger } from '../logging/json-logger';
import type { ApiGatewayV2Event } from './api-gateway-v2';
import { createLambdaHandler } from './lambda-handler';

const sampleEvent = JSON.parse(readFileSync(join(import.meta.dirname, '../../test-data/api-gateway-v2-event.json'), 'utf8')) as ApiGatewayV2Event;

function eventFor(method: string, rawPath: string, extra: Partial<ApiGatewayV2Event> = {}): ApiGatewayV2Event {
  return {
    ...sampleEvent,
    rawPath,
    rawQueryString: '',
    cookies: undefined,
    requestContext: { ...sampleEvent.requestContext, stage: '$default', http: { ...sampleEvent.requestContext.http, method, path: rawPath } },
    ...extra,
  };
}

function setup(routes: Route[], maxBodyBytes = 1024) {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => lines.push(line) });
  const handler = createLambdaHandler(routes, { logger, maxBodyBytes });
  return { handler, logs: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('createLambdaHandler', () => {
  it('turns a sample v2 event into a router request and logs it', async () => {
    let seen: HttpRequest | undefined;
    const { handler, logs } = setup([
      {
        method: 'GET',
        path: '/api/v2/trace/:traceId',
        handler: (request) => {
          seen = request;
          return jsonResponse(200, [{ traceId: request.params.traceId }]);
        },
      },
    ]);
    const result = await handler(sampleEvent);

    expect(seen?.path).toBe('/api/v2/trace/5b8efff798038103d269b633813fc60c');
    expect(seen?.params).toEqual({ traceId: '5b8efff798038103d269b633813fc60c' });
    expect(seen?.query.get('serviceName')).toBe('checkout api');
    expect(seen?.headers.cookie).toBe('session=abc; theme=dark');
    expect(seen?.headers['x-forwarded-for']).toBe('203.0.113.7');
    expect(seen?.body).toHaveLength(0);
    expect(result).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'Qx1bCjR2iAMEVxw=' },
      body: '[{"traceId":"5b8efff798038103d269b633813fc60c"}]',
      isBase64Encoded: false,
    });
    expect(logs()).toContainEqual(
      expect.objectContaining({
        msg: 'request',
        requestId: 'Qx1bCjR2iAMEVxw=',
        method: 'GET',
        status: 200,
        path: '/api/v2/trace/5b8efff798038103d269b633813fc60c',
      }),
    );
  });

  it('answers /healthz on the $default stage', async () => {
    const { handler } = setup(healthRoutes({ version: 'test' }));
    const result = await handler(eventFor('GET', '/healthz'));
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ status: 'ok', version: 'test' });
  });

  it('decodes base64 request bodies and base64-encodes binary responses', async () => {
    const payload = Uint8Array.from([0x0a, 0x00, 0xff, 0x10]);
    const { handler } = setup([
      {
        method: 'POST',
        path: '/v1/traces',
        handler: (request) => ({
          status: 200,
          headers: { 'content-type': 'application/x-protobuf' },
          body: Uint8Array.from([...request.body].reverse()),
        }),
      },
    ]);
    const result = await handler(eventFor('POST', '/v1/traces', { body: Buffer.from(payload).toString('base64'), isBase64Encoded: true }));
    expect(result.isBase64Encoded).toBe(true);
    expect([...Buffer.from(result.body, 'base64')]).toEqual([0x10, 0xff, 0x00, 0x0a]);
  });

  it('reads plain-text request bodies as UTF-8', async () => {
    const { handler } = setup([{ method: 'POST', path: '/echo', handler: (request) => jsonResponse(200, { text: Buffer.from(request.body).toString() }) }]);
    const result = await handler(eventFor('POST', '/echo', { body: '{"a":"é"}', isBase64Encoded: false }));
    expect(JSON.parse(result.body)).toEqual({ text: '{"a":"é"}' });
  });

  it('returns textual byte bodies as text', async () => {
    const { handler } = setup([
      { method: 'GET', path: '/t', handler: () => ({ status: 200, headers: { 'content-type': 'text/plain' }, body: Buffer.from('héllo') }) },
    ]);
    expect(await handler(eventFor('GET', '/t'))).toMatchObject({ body: 'héllo', isBase64Encoded: false });
  });

  it('maps router errors and oversized bodies to JSON errors', async () => {
    const { handler } = setup(healthRoutes(), 4);
    const missing = await handler(eventFor('GET', '/nope'));
    expect(missing.statusCode).toBe(404);
    expect(JSON.parse(missing.body)).toEqual({ error: { code: 'not_found', message: 'No endpoint at /nope' } });
    const wrongMethod = await handler(eventFor('DELETE', '/healthz'));
    expect(wrongMethod).toMatchObject({ statusCode: 405, headers: { allow: 'GET' } });
    const tooBig = await handler(eventFor('GET', '/healthz', { body: Buffer.alloc(5).toString('base64'), isBase64Encoded: true }));
    expect(tooBig.statusCode).toBe(413);
  });

  it('keeps a path that only looks like the stage name', async () => {
    const { handler } = setup([{ method: 'GET', path: '/products', handler: () => jsonResponse(200, 'ok') }]);
    const event = eventFor('GET', '/products');
    const result = await handler({ ...event, requestContext: { ...event.requestContext, stage: 'prod' } });
    expect(result.statusCode).toBe(200);
  });

  it('tells the observer about each request with its route template and status', async () => {
    const seen: ObservedRequest[] = [];
    const routes: Route[] = [{ method: 'GET', path: '/api/v2/trace/:traceId', handler: () => jsonResponse(200, []) }];
    const handler = createLambdaHandler(routes, {
      logger: createLogger({ level: 'error', write: () => undefined }),
      observer: { requestFinished: (request) => seen.push(request) },
    });
    await handler(eventFor('GET', '/api/v2/trace/5b8efff798038103d269b633813fc60c'));
    await handler(eventFor('GET', '/nowhere'));
    expect(seen.map(({ method, route, status }) => ({ method, route, status }))).toEqual([
      { method: 'GET', route: '/api/v2/trace/:traceId', status: 200 },
      { method: 'GET', route: 'unmatched', status: 404 },
    ]);
    expect(seen.every((request) => request.durationSeconds >= 0)).toBe(true);
  });
});
