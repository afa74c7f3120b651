import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logging/json-logger';
import { CORS_ALLOWED_HEADERS, CORS_MAX_AGE_SECONDS } from './cors';
import { jsonResponse, type Route } from './http-types';
import { startServer, type ServerConfig, type ServerHandle } from './node-server';

const baseConfig: ServerConfig = { host: '127.0.0.1', port: 0, shutdownTimeoutMs: 1000, requestTimeoutMs: 30_000, maxBodyBytes: 1024 };
const logger = createLogger({ level: 'error', write: () => undefined });
const routes: Route[] = [{ method: 'POST', path: '/v1/traces', handler: () => jsonResponse(200, {}) }];

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

// node:http, so the Origin header goes out exactly as a browser would send it.
function send(url: string, method: string, headers: Record<string, string>): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

const preflight = (origin: string) => ({ origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' });

let listed: ServerHandle;
let anyOrigin: ServerHandle;
let noCors: ServerHandle;

beforeAll(async () => {
  listed = await startServer({ ...baseConfig, corsAllowedOrigins: ['https://app.example.com'] }, logger, routes);
  anyOrigin = await startServer({ ...baseConfig, corsAllowedOrigins: ['*'] }, logger, routes);
  noCors = await startServer(baseConfig, logger, routes);
});
afterAll(async () => {
  await Promise.all([listed, anyOrigin, noCors].map((server) => server?.close()));
});

describe('CORS', () => {
  it('answers a preflight from an allowed origin with the methods, the OTLP exporter headers and a max-age', async () => {
    const reply = await send(`${listed.address.url}/v1/traces`, 'OPTIONS', preflight('https://app.example.com'));
    expect(reply.status).toBe(204);
    expect(reply.headers).toMatchObject({
      'access-control-allow-origin': 'https://app.example.com',
      'access-control-allow-methods': expect.stringContaining('POST'),
      'access-control-allow-headers': CORS_ALLOWED_HEADERS,
      'access-control-max-age': String(CORS_MAX_AGE_SECONDS),
      vary: 'origin',
    });
    for (const header of ['content-type', 'content-encoding', 'x-api-key', 'authorization']) expect(CORS_ALLOWED_HEADERS).toContain(header);
  });

  it('sets Access-Control-Allow-Origin on responses to an allowed origin, and on none to others', async () => {
    const allowed = await send(`${listed.address.url}/v1/traces`, 'POST', { origin: 'https://app.example.com' });
    expect(allowed.status).toBe(200);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
    const notFound = await send(`${listed.address.url}/nowhere`, 'POST', { origin: 'https://app.example.com' });
    expect(notFound.status).toBe(404);
    expect(notFound.headers['access-control-allow-origin']).toBe('https://app.example.com');

    const other = await send(`${listed.address.url}/v1/traces`, 'POST', { origin: 'https://evil.example.com' });
    expect(other.status).toBe(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const otherPreflight = await send(`${listed.address.url}/v1/traces`, 'OPTIONS', preflight('https://evil.example.com'));
    expect(otherPreflight.status).toBe(403);
    expect(otherPreflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows every origin with * and none when unconfigured (the default)', async () => {
    const any = await send(`${anyOrigin.address.url}/v1/traces`, 'OPTIONS', preflight('http://localhost:5173'));
    expect(any.status).toBe(204);
    expect(any.headers['access-control-allow-origin']).toBe('*');
    expect((await send(`${anyOrigin.address.url}/v1/traces`, 'POST', { origin: 'http://localhost:5173' })).headers['access-control-allow-origin']).toBe('*');

    const off = await send(`${noCors.address.url}/v1/traces`, 'OPTIONS', preflight('https://app.example.com'));
    expect(off.status).toBe(405);
    expect(off.headers['access-control-allow-origin']).toBeUndefined();
  });
});
