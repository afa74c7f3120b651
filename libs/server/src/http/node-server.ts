import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { PrismConfig } from '../config/config-variables';
import type { Logger } from '../logging/json-logger';
import { errorResponse } from './error-mapping';
import type { HttpResponse, IncomingRequest, Route } from './http-types';
import { readBody } from './read-body';
import { UNMATCHED_ROUTE, type RequestObserver } from './request-observer';
import { logRequest } from './request-log';
import { withCors } from './cors';
import { createRouter } from './router';
import type { Router } from './router';

/** The settings `startServer` uses. */
export type ServerConfig = Pick<PrismConfig, 'host' | 'port' | 'shutdownTimeoutMs' | 'requestTimeoutMs' | 'maxBodyBytes'> &
  Partial<Pick<PrismConfig, 'corsAllowedOrigins'>>;

/** Work to run once the HTTP server has drained, e.g. closing the catalog. */
export type CloseHook = () => void | Promise<void>;

export interface ServerAddress {
  host: string;
  port: number;
  /** Base URL, e.g. `http://127.0.0.1:4318`. */
  url: string;
}

/** A running server. */
export interface ServerHandle {
  readonly address: ServerAddress;
  /** Registers a hook for `close()`; hooks run in reverse order of registration. */
  onClose(hook: CloseHook): void;
  /**
   * Graceful shutdown: stops accepting connections, lets in-flight requests finish for up to
   * `shutdownTimeoutMs`, closes idle keep-alive sockets, then runs the close hooks. Idempotent.
   */
  close(): Promise<void>;
}

/** The port could not be bound (in use, no permission, unknown host). */
export class ListenError extends Error {
  override readonly name = 'ListenError';

  constructor(
    readonly host: string,
    readonly port: number,
    readonly code: string,
    options?: ErrorOptions,
  ) {
    super(`Cannot listen on ${host}:${port}: ${code}`, options);
  }
}

/**
 * Starts an HTTP server on node:http that serves `routes`.
 *
 * @example
 * const server = await startServer(config, logger, healthRoutes());
 * process.once('SIGTERM', () => void server.close());
 */
export async function startServer(config: ServerConfig, logger: Logger, routes: readonly Route[], observer?: RequestObserver): Promise<ServerHandle> {
  const router = withCors(createRouter(routes), config.corsAllowedOrigins ?? []);
  let closing = false;
  const server = createServer(
    {
      requestTimeout: config.requestTimeoutMs,
      headersTimeout: config.requestTimeoutMs > 0 ? Math.min(60_000, config.requestTimeoutMs) : 60_000,
    },
    (request, response) => void serve(request, response, { router, logger, observer, maxBodyBytes: config.maxBodyBytes, isClosing: () => closing }),
  );

  await listen(server, config.host, config.port);
  const address = addressOf(server, config.host);
  logger.info('listening', { url: address.url });

  const hooks: CloseHook[] = [];
  let closed: Promise<void> | undefined;
  return {
    address,
    onClose: (hook) => void hooks.push(hook),
    close() {
      closed ??= (async () => {
        closing = true;
        logger.info('shutting down', { timeoutMs: config.shutdownTimeoutMs });
        await drain(server, config.shutdownTimeoutMs, logger);
        for (const hook of hooks.reverse()) {
          try {
            await hook();
          } catch (error) {
            logger.error('close hook failed', { error });
          }
        }
        logger.info('shut down');
      })();
      return closed;
    },
  };
}

interface ServeContext {
  router: Router;
  logger: Logger;
  observer: RequestObserver | undefined;
  maxBodyBytes: number;
  isClosing: () => boolean;
}

async function serve(request: IncomingMessage, response: ServerResponse, context: ServeContext): Promise<void> {
  const started = performance.now();
  const requestId = headerValue(request, 'x-request-id') ?? randomUUID();
  const url = request.url ?? '/';
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const logger = context.logger.child({ requestId });
  const method = request.method ?? 'GET';

  response.on('close', () => {
    const status = response.writableFinished ? response.statusCode : 499;
    const durationMs = performance.now() - started;
    logRequest(logger, { method, path, status, durationMs });
    context.observer?.requestFinished({ method, route: context.router.templateOf(path) ?? UNMATCHED_ROUTE, status, durationSeconds: durationMs / 1000 });
  });

  let result: HttpResponse;
  try {
    const incoming: IncomingRequest = {
      method,
      path,
      query: new URLSearchParams(queryAt === -1 ? '' : url.slice(queryAt + 1)),
      headers: flattenHeaders(request),
      body: await readBody(request, context.maxBodyBytes),
    };
    result = await context.router.dispatch(incoming, { logger, requestId });
  } catch (error) {
    result = errorResponse(error, logger);
  }
  writeResponse(response, result, requestId, context.isClosing());
}

function writeResponse(response: ServerResponse, result: HttpResponse, requestId: string, closing: boolean): void {
  if (response.destroyed) return;
  const body = typeof result.body === 'string' ? Buffer.from(result.body) : (result.body ?? new Uint8Array());
  response.statusCode = result.status;
  for (const [name, value] of Object.entries(result.headers ?? {})) response.setHeader(name, value);
  response.setHeader('x-request-id', requestId);
  response.setHeader('content-length', body.length);
  // During shutdown a keep-alive socket must not wait for another request.
  if (closing) response.setHeader('connection', 'close');
  response.end(body);
}

function flattenHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => reject(new ListenError(host, port, error.code ?? error.message, { cause: error }));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function addressOf(server: Server, host: string): ServerAddress {
  const info = server.address() as AddressInfo;
  const urlHost = info.family === 'IPv6' ? `[${info.address}]` : info.address;
  return { host, port: info.port, url: `http://${urlHost}:${info.port}` };
}

async function drain(server: Server, timeoutMs: number, logger: Logger): Promise<void> {
  const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => {
    logger.warn('shutdown timeout reached: closing remaining connections', { timeoutMs });
    server.closeAllConnections();
  }, timeoutMs);
  await stopped;
  clearTimeout(timer);
}
