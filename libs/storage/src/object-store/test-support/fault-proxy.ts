import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

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
