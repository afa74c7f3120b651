// Concurrent OTLP clients, as an SDK's exporter sends: OTLP/HTTP as plain async requests over
// keep-alive connections, or OTLP/gRPC as concurrent unary calls on one grpc-js channel (HTTP/2).
// Clients run in this process, so they share the machine's cores with the server.
import { Agent, request } from 'node:http';
import { Client, Metadata, credentials } from '@grpc/grpc-js';
import { rejectedSpans, withIdVariant } from './otlp-wire';

/** One request body and where its ids are, to send distinct copies of it. */
export interface PooledRequest {
  body: Uint8Array;
  idOffsets: Uint32Array;
  spans: number;
}

/** The OTLP transport a load run uses. */
export type LoadTransport = { kind: 'http'; baseUrl: string } | { kind: 'grpc'; target: string };

/** Where to send and how. */
export interface LoadOptions {
  transport: LoadTransport;
  apiKey: string;
  clients: number;
  pool: readonly PooledRequest[];
  /** Global index of the first request: request i is pool[i % pool.length] with id variant i + 1. */
  firstIndex: number;
  requests: number;
}

/** What one load run saw. */
export interface LoadResult {
  seconds: number;
  acknowledgedSpans: number;
  failedRequests: number;
  /** Latency of each acknowledged request, in milliseconds. */
  latenciesMs: number[];
  firstFailure?: string;
}

interface Answer {
  status: number;
  body: Buffer;
}

function post(agent: Agent, url: URL, apiKey: string, body: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length, 'x-api-key': apiKey } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }));
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

const TRACE_EXPORT_METHOD = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

/** Sends one body and resolves with the server's answer; `close` releases connections. */
interface Sender {
  send(body: Buffer): Promise<Answer>;
  close(): void;
}

function httpSender(baseUrl: string, apiKey: string, clients: number): Sender {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const url = new URL('/v1/traces', baseUrl);
  return { send: (body) => post(agent, url, apiKey, body), close: () => agent.destroy() };
}

// A gRPC status becomes an Answer with a non-200 status, so the counting below stays one path.
function grpcSender(target: string, apiKey: string): Sender {
  const client = new Client(target, credentials.createInsecure());
  const metadata = new Metadata();
  metadata.set('x-api-key', apiKey);
  const raw = (bytes: Buffer) => bytes;
  return {
    send: (body) =>
      new Promise((resolve) =>
        client.makeUnaryRequest(TRACE_EXPORT_METHOD, raw, raw, body, metadata, (error, response) =>
          resolve(
            error
              ? { status: -error.code, body: Buffer.from(`gRPC status ${error.code}: ${error.details}`) }
              : { status: 200, body: response ?? Buffer.alloc(0) },
          ),
        ),
      ),
    close: () => client.close(),
  };
}

/** Sends `requests` distinct 1,000-span requests from `clients` concurrent clients; counts only clean successes. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const sender =
    options.transport.kind === 'http'
      ? httpSender(options.transport.baseUrl, options.apiKey, options.clients)
      : grpcSender(options.transport.target, options.apiKey);
  const result: LoadResult = { seconds: 0, acknowledgedSpans: 0, failedRequests: 0, latenciesMs: [] };
  let next = 0;
  const client = async (): Promise<void> => {
    while (next < options.requests) {
      const index = options.firstIndex + next++;
      const pooled = options.pool[index % options.pool.length];
      const body = withIdVariant(pooled.body, pooled.idOffsets, index + 1);
      const started = performance.now();
      try {
        const answer = await sender.send(body);
        const elapsed = performance.now() - started;
        if (answer.status === 200 && rejectedSpans(answer.body) === 0) {
          result.acknowledgedSpans += pooled.spans;
          result.latenciesMs.push(elapsed);
        } else {
          result.failedRequests++;
          result.firstFailure ??= `${answer.status > 0 ? `HTTP ${answer.status}: ` : ''}${answer.body.toString('utf8').slice(0, 200)}`;
        }
      } catch (error) {
        result.failedRequests++;
        result.firstFailure ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: options.clients }, client));
  result.seconds = (performance.now() - started) / 1000;
  sender.close();
  return result;
}
