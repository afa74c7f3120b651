// Eventize benchmark: OTLP protobuf decode + eventize into columnar batches on one core.
// npm run bench -- eventize [--requests N] [--batch N] [--series N] [--seed S] [--rounds N]
//
// Throughput is the median of `rounds` passes over the same pre-built requests (built with the
// OpenTelemetry SDK and its protobuf serializers). For spans, the model path (protobufjs decode,
// then eventize) runs side by side with the single-pass path that ingest uses, as a peer.
// Bytes allocated are measured in a child process whose young generation is large enough that no
// garbage collection runs while one request is eventized, so the heap growth is the allocation.
// The figure is the median over every request. It moves between runs of the same code and seed
// (V8 allocates feedback and optimized code lazily): by up to ±10 % over 10 requests and still by up
// to ±8 % over 40, so compare the medians of several runs, never two single figures.
import { spawnSync } from 'node:child_process';
import { ContentType, decodeAndEventize, type EventizeContext, type EventizeResult, type Signal } from '@prism/contract';
import { logsSignal } from '@prism/logs';
import { metricsSignal } from '@prism/metrics';
import { spansSignal } from '@prism/spans';
import { benchArgs, median, progress, report, round, seededRandom } from './harness';
import { logsRequest, metricsRequest, spansRequest, type WorkloadOptions } from './workloads/otlp-workload';

const args = benchArgs({ requests: 40, batch: 1000, seed: 7, rounds: 7, series: 250, allocationProbe: 0 });
const context: EventizeContext = { tenantId: 'bench', ingestTs: 1_763_856_000_000_000_000n };

type Eventize = (body: Uint8Array) => EventizeResult;

const singlePass =
  (signal: Signal): Eventize =>
  (body) => {
    const result = decodeAndEventize(signal.ingest, body, ContentType.protobuf, context);
    if (!result.ok) throw result.error;
    return result.value;
  };

const modelPath =
  (signal: Signal): Eventize =>
  (body) => {
    const decoded = signal.ingest.decode(body, ContentType.protobuf);
    if (!decoded.ok) throw decoded.error;
    return signal.ingest.eventize(decoded.value, context);
  };

function eventizeAll(name: string, eventize: Eventize, bodies: Uint8Array[]): number {
  let records = 0;
  for (const body of bodies) {
    const result = eventize(body);
    if (result.rejected.length > 0) throw new Error(`${name}: rejected ${result.rejected[0].path}: ${result.rejected[0].message}`);
    records += result.acceptedRecords;
  }
  return records;
}

/** Records per second, median over rounds after a warm-up pass. */
function throughput(name: string, eventize: Eventize, bodies: Uint8Array[], expectedRecords: number): number {
  eventizeAll(name, eventize, bodies);
  const rates: number[] = [];
  for (let pass = 0; pass < args.rounds; pass++) {
    globalThis.gc?.();
    const started = process.hrtime.bigint();
    const records = eventizeAll(name, eventize, bodies);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (records !== expectedRecords) throw new Error(`${name}: expected ${expectedRecords} records, eventized ${records}`);
    rates.push(records / seconds);
    progress(`${name} round ${pass + 1}/${args.rounds}: ${Math.round(records / seconds)} records/s`);
  }
  return median(rates);
}

/** Median heap growth per record while eventizing one request at a time (run with a huge young generation). */
function allocatedBytesPerRecord(eventize: Eventize, bodies: Uint8Array[]): number {
  eventizeAll('warm-up', eventize, bodies);
  const perRecord: number[] = [];
  for (const body of bodies) {
    globalThis.gc?.();
    const before = process.memoryUsage().heapUsed;
    const result = eventize(body);
    perRecord.push((process.memoryUsage().heapUsed - before) / result.acceptedRecords);
  }
  return median(perRecord);
}

function buildSpanBodies(): Uint8Array[] {
  const workload: WorkloadOptions = { random: seededRandom(args.seed), services: 50, operations: 500 };
  return Array.from({ length: args.requests }, () => spansRequest(workload, args.batch));
}

/** Runs this script again with a young generation big enough that one request never triggers a GC. */
function probeAllocation(): number {
  const flags = ['--expose-gc', '--min-semi-space-size=256', '--max-semi-space-size=256'];
  const forwarded = ['--requests', String(args.requests), '--batch', String(args.batch), '--seed', String(args.seed), '--allocationProbe', '1'];
  const child = spawnSync(process.execPath, [...flags, process.argv[1], ...forwarded], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (child.status !== 0) throw new Error(`allocation probe failed with exit code ${child.status}`);
  return Number(JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}').bytesPerSpan);
}

async function main(): Promise<void> {
  if (args.allocationProbe === 1) {
    process.stdout.write(`${JSON.stringify({ bytesPerSpan: allocatedBytesPerRecord(singlePass(spansSignal as Signal), buildSpanBodies()) })}\n`);
    return;
  }
  progress(
    `generating ${args.requests} requests each of ${args.batch} spans, ${args.batch} log records and ${args.series} metric series with the OpenTelemetry SDK`,
  );
  const spanBodies = buildSpanBodies();
  const workload: WorkloadOptions = { random: seededRandom(args.seed + 1), services: 50, operations: 500 };
  const logBodies = Array.from({ length: args.requests }, () => logsRequest(workload, args.batch));
  const metricBodies: Uint8Array[] = [];
  let dataPoints = 0;
  for (let index = 0; index < args.requests; index++) {
    const { body, dataPoints: points } = await metricsRequest(workload, args.series);
    metricBodies.push(body);
    dataPoints += points;
  }
  const spans = args.requests * args.batch;
  const spanBytes = spanBodies.reduce((sum, body) => sum + body.byteLength, 0);

  const spansPerSecond = throughput('spans', singlePass(spansSignal as Signal), spanBodies, spans);
  const modelSpansPerSecond = throughput('spans (model path)', modelPath(spansSignal as Signal), spanBodies, spans);
  const logsPerSecond = throughput('logs', singlePass(logsSignal as Signal), logBodies, spans);
  const pointsPerSecond = throughput('metrics', singlePass(metricsSignal as Signal), metricBodies, dataPoints);
  progress('measuring bytes allocated per span in a child process');
  const bytesPerSpan = probeAllocation();

  report({
    bench: 'eventize',
    params: {
      requests: args.requests,
      spans_per_request: args.batch,
      log_records_per_request: args.batch,
      metric_series_per_request: args.series,
      data_points: dataPoints,
      rounds: args.rounds,
      seed: args.seed,
      encoding: 'protobuf',
      cores_used: 1,
    },
    metrics: {
      spans_per_s: Math.round(spansPerSecond),
      logs_per_s: Math.round(logsPerSecond),
      points_per_s: Math.round(pointsPerSecond),
      bytes_per_1k_spans: Math.round(bytesPerSpan * 1000),
      otlp_protobuf_bytes_per_span: round(spanBytes / spans),
    },
    peers: { model_path: { spans_per_s: Math.round(modelSpansPerSecond) } },
    ratios: { spans_per_s_vs_model_path: round(spansPerSecond / modelSpansPerSecond) },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
