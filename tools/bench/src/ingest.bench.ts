// Ingest benchmark: OTLP protobuf over HTTP and over gRPC from concurrent clients on loopback
// against the real all-in-one server (rounds alternate the two), with the same spans inserted into
// PostgreSQL as a peer.
// npm run bench -- ingest [--size SPANS_PER_ROUND] [--rounds N] [--clients N] [--warmup N] [--pool N] [--seed S]
//
// PRISM_BENCH_PROFILE_DIR=DIR runs the server with --cpu-prof into DIR (open the .cpuprofile in DevTools).
//
// Each request is 1,000 SDK-made spans; the pool of requests is sent again and again with the ids
// varied per send, so every request is new to the server (no digest dedupe) and to PostgreSQL.
// Throughput is the median over rounds after warm-up requests; latency percentiles are over every
// measured request. The clients and the server share the machine's cores.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchArgs, median, percentile, progress, report, round, seededRandom } from './harness';
import { directoryBytes } from './ingest/directory-bytes';
import { spanIdOffsets } from './ingest/otlp-wire';
import { runLoad, type LoadTransport, type PooledRequest } from './ingest/otlp-load';
import { openPostgresPeer, peerBatchOf } from './ingest/postgres-peer';
import { buildPrismServer, startPrismServer } from './ingest/prism-server';
import { spansRequest, type WorkloadOptions } from './workloads/otlp-workload';

// 600 warm-up requests: the server reaches its steady speed only after V8 has optimized the encoding
// threads' code (~300 requests each) and PGlite's hot paths; the warm-up's own rate is reported too.
const args = benchArgs({ size: 200_000, batch: 1000, rounds: 5, clients: 4, warmup: 600, pool: 50, seed: 7 });
const requestsPerRound = Math.max(1, Math.round(args.size / args.batch));
const databaseUrl = process.env['PRISM_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

function buildPool(): PooledRequest[] {
  const workload: WorkloadOptions = { random: seededRandom(args.seed), services: 50, operations: 500 };
  return Array.from({ length: args.pool }, () => {
    const body = spansRequest(workload, args.batch);
    return { body, idOffsets: spanIdOffsets(body), spans: args.batch };
  });
}

/** What the measured rounds over one transport gave. */
interface TransportFigures {
  spansPerSecond: number;
  slowestRoundSpansPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  failedRequests: number;
  serverCpuMsPer1kSpans: number | undefined;
  /** CPU of this process (the load-generating clients) per 1,000 acknowledged spans. */
  clientCpuMsPer1kSpans: number;
}

interface PrismFigures {
  http: TransportFigures;
  grpc: TransportFigures;
  /** Throughput over the HTTP warm-up, from a cold server. */
  warmupSpansPerSecond: number;
  hotBytesPerSpan: number;
  hotAllocatedBytesPerSpan: number;
  hotBytesPerSpanByPart: Record<string, number>;
}

/** Per-round samples of one transport, folded into {@link TransportFigures} at the end. */
class TransportRounds {
  readonly rates: number[] = [];
  readonly latencies: number[] = [];
  readonly cpuPer1k: number[] = [];
  readonly clientCpuPer1k: number[] = [];
  failedRequests = 0;

  figures(): TransportFigures {
    return {
      spansPerSecond: median(this.rates),
      slowestRoundSpansPerSecond: Math.min(...this.rates),
      p50Ms: percentile(this.latencies, 50),
      p99Ms: percentile(this.latencies, 99),
      failedRequests: this.failedRequests,
      serverCpuMsPer1kSpans: this.cpuPer1k.length > 0 ? median(this.cpuPer1k) : undefined,
      clientCpuMsPer1kSpans: median(this.clientCpuPer1k),
    };
  }
}

// gRPC gets its own, shorter warm-up: the server's encoding threads and commit path are warm by then,
// only the HTTP/2 receive path is new.
const GRPC_WARMUP_REQUESTS = 100;

async function measurePrism(pool: PooledRequest[], workDir: string): Promise<PrismFigures> {
  const bundle = join(workDir, 'prism-main.cjs');
  progress('bundling apps/prism/src/main.ts with its build-main options');
  await buildPrismServer(process.cwd(), bundle);
  const dataDir = join(workDir, 'data');
  const profileDir = process.env['PRISM_BENCH_PROFILE_DIR'];
  const server = await startPrismServer(
    bundle,
    {
      PRISM_DATA_DIR: dataDir,
      PRISM_LOG_LEVEL: 'warn',
      PRISM_INGEST_RATE_PER_SECOND: '0',
      PRISM_INGEST_RATE_BURST: '1000000',
    },
    profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`],
  );
  progress(`server up at ${server.baseUrl}, OTLP/gRPC at ${server.grpcTarget}`);
  let storedSpans = 0;
  // Every request sent in the run gets its own id variant, so none is taken for a retry.
  let nextIndex = 0;
  let warmupSpansPerSecond: number;
  const transports: Record<'http' | 'grpc', { transport: LoadTransport; rounds: TransportRounds }> = {
    http: { transport: { kind: 'http', baseUrl: server.baseUrl }, rounds: new TransportRounds() },
    grpc: { transport: { kind: 'grpc', target: server.grpcTarget }, rounds: new TransportRounds() },
  };
  const load = (transport: LoadTransport, requests: number) => {
    const firstIndex = nextIndex;
    nextIndex += requests;
    return runLoad({ transport, apiKey: server.apiKey, clients: args.clients, pool, firstIndex, requests });
  };
  try {
    const warm = await load(transports.http.transport, args.warmup);
    if (warm.failedRequests > 0) throw new Error(`warm-up requests failed: ${warm.firstFailure}`);
    storedSpans += warm.acknowledgedSpans;
    warmupSpansPerSecond = warm.acknowledgedSpans / warm.seconds;
    progress(`warm-up: ${args.warmup} requests in ${round(warm.seconds)} s (${Math.round(warmupSpansPerSecond)} spans/s from a cold server)`);
    const grpcWarm = await load(transports.grpc.transport, GRPC_WARMUP_REQUESTS);
    if (grpcWarm.failedRequests > 0) throw new Error(`gRPC warm-up requests failed: ${grpcWarm.firstFailure}`);
    storedSpans += grpcWarm.acknowledgedSpans;
    // Rounds alternate HTTP and gRPC, so drift in the machine's load hits both alike.
    for (let pass = 0; pass < args.rounds; pass++) {
      for (const name of ['http', 'grpc'] as const) {
        const { transport, rounds } = transports[name];
        const cpuBefore = server.cpuMs();
        const clientCpuBefore = process.cpuUsage();
        const measured = await load(transport, requestsPerRound);
        const cpuAfter = server.cpuMs();
        const clientCpu = process.cpuUsage(clientCpuBefore);
        if (measured.acknowledgedSpans > 0) rounds.clientCpuPer1k.push(((clientCpu.user + clientCpu.system) / 1000 / measured.acknowledgedSpans) * 1000);
        if (cpuBefore !== undefined && cpuAfter !== undefined && measured.acknowledgedSpans > 0)
          rounds.cpuPer1k.push(((cpuAfter - cpuBefore) * 1000) / measured.acknowledgedSpans);
        storedSpans += measured.acknowledgedSpans;
        rounds.failedRequests += measured.failedRequests;
        if (measured.firstFailure !== undefined) progress(`${name} round ${pass + 1}: ${measured.failedRequests} failed, first: ${measured.firstFailure}`);
        rounds.rates.push(measured.acknowledgedSpans / measured.seconds);
        rounds.latencies.push(...measured.latenciesMs);
        progress(
          `prism ${name} round ${pass + 1}/${args.rounds}: ${Math.round(rounds.rates[pass])} spans/s, p99 ${round(percentile(measured.latenciesMs, 99), 1)} ms, server CPU ${round(rounds.cpuPer1k.at(-1) ?? NaN, 1)} ms/1k spans (clients ${round(rounds.clientCpuPer1k.at(-1) ?? NaN, 1)}), load ${loadavg()[0].toFixed(2)}`,
        );
      }
    }
  } finally {
    await server.stop();
  }
  const hot = await directoryBytes(join(dataDir, 'hot'));
  progress(`hot store: ${hot.apparent} bytes for ${storedSpans} spans; by segment part: ${JSON.stringify(hot.bySegmentPart)}`);
  return {
    http: transports.http.rounds.figures(),
    grpc: transports.grpc.rounds.figures(),
    warmupSpansPerSecond,
    hotBytesPerSpan: hot.apparent / storedSpans,
    hotAllocatedBytesPerSpan: hot.allocated / storedSpans,
    hotBytesPerSpanByPart: Object.fromEntries(Object.entries(hot.bySegmentPart).map(([part, bytes]) => [part, bytes / storedSpans])),
  };
}

/** The same requests into PostgreSQL; undefined (loudly) when it cannot be reached. */
async function measurePostgres(pool: PooledRequest[]): Promise<{ spansPerSecond: number; bytesPerSpan: number } | undefined> {
  progress('decoding the pool once into PostgreSQL rows (not timed)');
  const batches = pool.map((request) => peerBatchOf(request.body));
  const peer = await openPostgresPeer(databaseUrl, args.clients);
  if ('unreachable' in peer) {
    process.stderr.write(`\n!!! PostgreSQL is not reachable at ${databaseUrl} (${peer.unreachable}): the postgres peer is ABSENT from this run !!!\n\n`);
    return undefined;
  }
  try {
    let rows = (await peer.insert(batches, 0, args.warmup)).rows;
    const rates: number[] = [];
    for (let pass = 0; pass < args.rounds; pass++) {
      const inserted = await peer.insert(batches, args.warmup + pass * requestsPerRound, requestsPerRound);
      rows += inserted.rows;
      rates.push(inserted.rows / inserted.seconds);
      progress(`postgres round ${pass + 1}/${args.rounds}: ${Math.round(rates[pass])} spans/s, load ${loadavg()[0].toFixed(2)}`);
    }
    return { spansPerSecond: median(rates), bytesPerSpan: (await peer.totalBytes()) / rows };
  } finally {
    await peer.close();
  }
}

async function main(): Promise<void> {
  progress(`generating ${args.pool} requests of ${args.batch} spans with the OpenTelemetry SDK`);
  const pool = buildPool();
  const workDir = mkdtempSync(join(tmpdir(), 'prism-ingest-bench-'));
  const loadBefore = loadavg()[0];
  try {
    const prism = await measurePrism(pool, workDir);
    const postgres = await measurePostgres(pool);
    report({
      bench: 'ingest',
      params: {
        spans: requestsPerRound * args.batch * args.rounds,
        batch: args.batch,
        clients: args.clients,
        rounds: args.rounds,
        warmup_requests: args.warmup,
        requests_per_round: requestsPerRound,
        pool_requests: args.pool,
        seed: args.seed,
        encoding: 'protobuf',
        transport: 'http/1.1 keep-alive, loopback; grpc: grpc-js unary calls on one HTTP/2 channel, loopback',
        grpc_warmup_requests: GRPC_WARMUP_REQUESTS,
        cores_shared_by_server_and_clients: true,
        peer_decode_timed: false,
        load_avg_1m_before: round(loadBefore),
        load_avg_1m_after: round(loadavg()[0]),
      },
      metrics: {
        spans_per_s: Math.round(prism.http.spansPerSecond),
        slowest_round_spans_per_s: Math.round(prism.http.slowestRoundSpansPerSecond),
        warmup_spans_per_s: Math.round(prism.warmupSpansPerSecond),
        p50_ms: round(prism.http.p50Ms, 1),
        p99_ms: round(prism.http.p99Ms, 1),
        hot_bytes_per_span: round(prism.hotBytesPerSpan, 1),
        hot_allocated_bytes_per_span: round(prism.hotAllocatedBytesPerSpan, 1),
        hot_manifest_bytes_per_span: round(prism.hotBytesPerSpanByPart['manifest'] ?? 0, 1),
        failed_requests: prism.http.failedRequests,
        ...(prism.http.serverCpuMsPer1kSpans === undefined ? {} : { server_cpu_ms_per_1k_spans: round(prism.http.serverCpuMsPer1kSpans, 1) }),
        client_cpu_ms_per_1k_spans: round(prism.http.clientCpuMsPer1kSpans, 1),
        grpc_spans_per_s: Math.round(prism.grpc.spansPerSecond),
        grpc_slowest_round_spans_per_s: Math.round(prism.grpc.slowestRoundSpansPerSecond),
        grpc_p50_ms: round(prism.grpc.p50Ms, 1),
        grpc_p99_ms: round(prism.grpc.p99Ms, 1),
        grpc_failed_requests: prism.grpc.failedRequests,
        ...(prism.grpc.serverCpuMsPer1kSpans === undefined ? {} : { grpc_server_cpu_ms_per_1k_spans: round(prism.grpc.serverCpuMsPer1kSpans, 1) }),
        grpc_client_cpu_ms_per_1k_spans: round(prism.grpc.clientCpuMsPer1kSpans, 1),
      },
      peers: postgres === undefined ? {} : { postgres: { spans_per_s: Math.round(postgres.spansPerSecond), bytes_per_span: round(postgres.bytesPerSpan, 1) } },
      ratios: {
        grpc_vs_http_spans_per_s: round(prism.grpc.spansPerSecond / prism.http.spansPerSecond),
        ...(postgres === undefined
          ? {}
          : {
              spans_per_s_vs_postgres: round(prism.http.spansPerSecond / postgres.spansPerSecond),
              grpc_spans_per_s_vs_postgres: round(prism.grpc.spansPerSecond / postgres.spansPerSecond),
              bytes_per_span_vs_postgres: round(prism.hotBytesPerSpan / postgres.bytesPerSpan, 3),
            }),
      },
    });
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
