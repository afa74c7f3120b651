import { Agent, request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logging/json-logger';
import { healthRoutes } from './health-routes';
import { jsonResponse } from './http-types';
import type { Route } from './http-types';
import { ListenError, startServer } from './node-server';
import type { ServerConfig, ServerHandle } from './node-server';

const baseConfig: ServerConfig = {
  host: '127.0.0.1',
  port: 0,
  shutdownTimeoutMs: 5000,
  requestTimeoutMs: 30000,
  maxBodyBytes: 1024,
};

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(url: string, options: { method?: string; body?: string | Buffer; agent?: Agent; chunked?: boolean } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', agent: options.agent ?? false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (options.chunked) req.setHeader('transfer-encoding', 'chunked');
    req.end(options.body);
  });
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

let running: ServerHandle[] = [];
afterEach(async () => {
  await Promise.all(running.map((server) => server.close()));
  running = [];
});

async function start(routes: Route[], config: Partial<ServerConfig> = {}) {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => lines.push(line) });
  const server = await startServer({ ...baseConfig, ...config }, logger, routes);
  running.push(server);
  const logs = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { server, logs };
}

const echo: Route = { method: 'POST', path: '/echo', handler: (req) => jsonResponse(200, { bytes: req.body.length, q: req.query.get('q') }) };

describe('startServer', () => {
  it('serves /healthz over real HTTP on a free port', async () => {
    const { server, logs } = await start(healthRoutes({ version: '1.2.3' }));
    expect(server.address.port).toBeGreaterThan(0);
    expect(server.address.url).toBe(`http://127.0.0.1:${server.address.port}`);

    const reply = await send(`${server.address.url}/healthz`);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(reply.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(reply.body)).toEqual({ status: 'ok', version: '1.2.3', uptimeSeconds: 0 });

    expect((await send(`${server.address.url}/readyz`)).status).toBe(200);
    expect(logs()[0]).toMatchObject({ level: 'info', msg: 'listening', url: server.address.url });
    // Probe requests are logged, but only at debug.
    expect(logs()).toContainEqual(expect.objectContaining({ level: 'debug', msg: 'request', method: 'GET', path: '/healthz', status: 200 }));
  });

  it('logs each request with status and duration, and keeps a given request id', async () => {
    const { server, logs } = await start([]);
    const reply = await new Promise<Reply>((resolve, reject) => {
      const req = httpRequest(`${server.address.url}/missing?x=1`, { headers: { 'x-request-id': 'abc' }, agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '' }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(reply.status).toBe(404);
    expect(reply.headers['x-request-id']).toBe('abc');
    await expect
      .poll(() => logs().find((line) => line.msg === 'request'))
      .toMatchObject({
        level: 'info',
        requestId: 'abc',
        method: 'GET',
        path: '/missing',
        status: 404,
        durationMs: expect.any(Number),
      });
  });

  it('passes the body and query string to the handler', async () => {
    const { server } = await start([echo]);
    const reply = await send(`${server.address.url}/echo?q=hi%20there`, { method: 'POST', body: 'x'.repeat(1024) });
    expect(JSON.parse(reply.body)).toEqual({ bytes: 1024, q: 'hi there' });
  });

  it('refuses bodies over the limit with 413, declared or streamed', async () => {
    const { server } = await start([echo]);
    for (const chunked of [false, true]) {
      const reply = await send(`${server.address.url}/echo`, { method: 'POST', body: Buffer.alloc(1025), chunked });
      expect(reply.status, `chunked=${chunked}`).toBe(413);
      expect(JSON.parse(reply.body)).toEqual({ error: { code: 'payload_too_large', message: 'Request body exceeds 1024 bytes' } });
    }
  });

  it('reports a port in use as a ListenError', async () => {
    const { server } = await start([]);
    const logger = createLogger({ write: () => undefined });
    const attempt = startServer({ ...baseConfig, port: server.address.port }, logger, []);
    await expect(attempt).rejects.toBeInstanceOf(ListenError);
    await expect(attempt).rejects.toThrow(`Cannot listen on 127.0.0.1:${server.address.port}: EADDRINUSE`);
  });
});

describe('ServerHandle.close', () => {
  it('lets an in-flight request finish, refuses new connections, then runs close hooks in reverse', async () => {
    const entered = deferred();
    const release = deferred();
    const slow: Route = {
      method: 'GET',
      path: '/slow',
      handler: async () => {
        entered.resolve();
        await release.promise;
        return jsonResponse(200, { done: true });
      },
    };
    const { server, logs } = await start([slow]);
    const order: string[] = [];
    server.onClose(() => void order.push('first registered'));
    server.onClose(async () => void order.push('second registered'));

    const inFlight = send(`${server.address.url}/slow`);
    await entered.promise;
    let closed = false;
    const closing = server.close().then(() => (closed = true));

    await expect(send(`${server.address.url}/slow`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(closed).toBe(false);
    expect(order).toEqual([]);

    release.resolve();
    const reply = await inFlight;
    expect(reply.status).toBe(200);
    expect(reply.headers.connection).toBe('close');
    expect(JSON.parse(reply.body)).toEqual({ done: true });

    await closing;
    expect(order).toEqual(['second registered', 'first registered']);
    expect(server.close()).toBe(server.close());
    const messages = logs().map((line) => line.msg);
    expect(messages.indexOf('shutting down')).toBeLessThan(messages.indexOf('shut down'));
  });

  it('closes idle keep-alive sockets without waiting for the timeout', async () => {
    const { server } = await start(healthRoutes(), { shutdownTimeoutMs: 10_000 });
    const agent = new Agent({ keepAlive: true });
    const reply = await send(`${server.address.url}/healthz`, { agent });
    expect(reply.headers.connection).toBe('keep-alive');
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(2000);
    agent.destroy();
  });

  it('cuts requests still running at the timeout and logs it', async () => {
    const entered = deferred();
    const never: Route = {
      method: 'GET',
      path: '/never',
      handler: () => {
        entered.resolve();
        return new Promise(() => undefined);
      },
    };
    const { server, logs } = await start([never], { shutdownTimeoutMs: 50 });
    const stuck = send(`${server.address.url}/never`);
    stuck.catch(() => undefined);
    await entered.promise;
    await server.close();
    await expect(stuck).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(logs()).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'shutdown timeout reached: closing remaining connections' }));
  });

  it('logs a failing close hook and still runs the others', async () => {
    const { server, logs } = await start([]);
    const ran: string[] = [];
    server.onClose(() => void ran.push('a'));
    server.onClose(() => {
      throw new Error('catalog already gone');
    });
    await server.close();
    expect(ran).toEqual(['a']);
    expect(logs()).toContainEqual(
      expect.objectContaining({ level: 'error', msg: 'close hook failed', error: expect.objectContaining({ message: 'catalog already gone' }) }),
    );
  });
});
