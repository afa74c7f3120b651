import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MIN_S3_PART_SIZE, S3ObjectStore } from '../s3/s3-object-store';
import { startS3rver, type S3rverHarness } from './s3rver-harness';

/** What the proxy does to one request instead of forwarding it. */
export type Fault = { readonly status: number; readonly code: string } | 'reset';

/** A request seen by the proxy. */
export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly fault?: Fault;
}

/**
 * A loopback HTTP proxy in front of an S3 endpoint: requests take the next queued fault (an S3
 * error answer, or a dropped connection) while any is queued, and are forwarded unchanged after
 * that (the Host header too, so SigV4 signatures still match).
 */
export class FaultProxy {
  readonly seen: SeenRequest[] = [];
  private readonly faults: Fault[] = [];
  private readonly targeted: { match: (method: string, url: string) => boolean; fault: Fault }[] = [];
  private readonly server: Server;

  private constructor(private readonly upstream: URL) {
    this.server = createServer((req, res) => {
      const fault = this.takeFault(req.method ?? '', req.url ?? '');
      this.seen.push({ method: req.method ?? '', url: req.url ?? '', fault });
      if (fault === 'reset') {
        req.socket.destroy();
        return;
      }
      if (fault !== undefined) {
        drain(req).then(() => {
          res.writeHead(fault.status, { 'content-type': 'application/xml', connection: 'close' });
          res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${fault.code}</Code><Message>injected</Message></Error>`);
        });
        return;
      }
      const forward = request({ host: this.upstream.hostname, port: this.upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', () => res.destroy());
      req.pipe(forward);
    });
  }

  /** Starts a proxy to `upstream` on a free loopback port. */
  static async start(upstream: string): Promise<FaultProxy> {
    const proxy = new FaultProxy(new URL(upstream));
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Queues faults for the next requests, in order. */
  inject(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  /** Queues faults for the next requests that `match` (method and path with query), in order. */
  injectWhere(match: (method: string, url: string) => boolean, ...faults: Fault[]): void {
    this.targeted.push(...faults.map((fault) => ({ match, fault })));
  }

  /** Forgets queued faults and seen requests. */
  reset(): void {
    this.faults.length = 0;
    this.targeted.length = 0;
    this.seen.length = 0;
  }

  private takeFault(method: string, url: string): Fault | undefined {
    const index = this.targeted.findIndex((entry) => entry.match(method, url));
    if (index >= 0) return this.targeted.splice(index, 1)[0].fault;
    return this.faults.shift();
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function drain(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    req.on('data', () => undefined);
    req.on('end', resolve);
    req.on('error', () => resolve());
  });
}

/** A raw S3 store (one attempt per call) talking to s3rver through a fault proxy, and how to stop all three. */
export interface FaultyS3 {
  server: S3rverHarness;
  proxy: FaultProxy;
  store: S3ObjectStore;
  stop(): Promise<void>;
}

/** Starts s3rver, a fault proxy in front of it, and an S3 store whose endpoint is the proxy. */
export async function startFaultyS3(): Promise<FaultyS3> {
  const server = await startS3rver();
  const proxy = await FaultProxy.start(server.endpoint);
  const store = new S3ObjectStore({
    bucket: server.bucket,
    region: server.region,
    endpoint: proxy.endpoint,
    forcePathStyle: true,
    credentials: server.credentials,
    partSizeBytes: MIN_S3_PART_SIZE,
  });
  return {
    server,
    proxy,
    store,
    stop: async () => {
      store.close();
      await proxy.stop();
      await server.stop();
    },
  };
}
