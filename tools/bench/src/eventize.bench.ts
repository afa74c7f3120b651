// Eventize benchmark: OTLP protobuf decode + eventize into columnar batches on one core.
// npm run bench -- eventize [--requests N] [--batch N] [--seed S] [--rounds N]
import { ContentType, decodeAndEventize, type EventizeContext, type Signal } from '@prism/contract';
import { logsSignal } from '@prism/logs';
import { metricsSignal } from '@prism/metrics';
import { spansSignal } from '@prism/spans';
import { benchArgs, median, progress, report, round, seededRandom } from './harness';
import { logsRequest, metricsRequest, spansRequest, type WorkloadOptions } from './workloads/otlp-workload';

interface Measured {
  recordsPerSecond: number;
  bytesAllocatedPerRecord: number;
}

const args = benchArgs({ requests: 40, batch: 1000, seed: 7, rounds: 5, series: 250 });
const context: EventizeContext = { tenantId: 'bench', ingestTs: 1_763_856_000_000_000_000n };

/** Decodes and eventizes every body `rounds` times; the median round's rate is reported. */
function measure(signal: Signal, bodies: Uint8Array[], recordsPerRound: number): Measured {
  const run = () => {
    let records = 0;
    for (const body of bodies) {
      const result = decodeAndEventize(signal, body, ContentType.protobuf, context);
      if (!result.ok) throw result.error;
      if (result.value.rejected.length > 0) throw new Error(`${signal.name}: rejected ${result.value.rejected[0].path}: ${result.value.rejected[0].message}`);
      records += result.value.acceptedRecords;
    }
    return records;
  };
  run(); // warm-up: JIT and lazily built protobuf types
  const rates: number[] = [];
  const allocations: number[] = [];
  for (let round = 0; round < args.rounds; round++) {
    globalThis.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const started = process.hrtime.bigint();
    const records = run();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (records !== recordsPerRound) throw new Error(`${signal.name}: expected ${recordsPerRound} records, eventized ${records}`);
    rates.push(records / seconds);
    // Allocation estimate: heap growth with no GC in between is a lower bound; GC runs mid-round
    // make it unreliable, so the smallest non-negative growth over rounds is not used — we report
    // the heap delta measured with collection disabled via --expose-gc only between rounds.
    allocations.push(Math.max(0, process.memoryUsage().heapUsed - heapBefore) / records);
    progress(`${signal.name} round ${round + 1}/${args.rounds}: ${Math.round(records / seconds)} records/s`);
  }
  return { recordsPerSecond: median(rates), bytesAllocatedPerRecord: median(allocations) };
}

async function main(): Promise<void> {
  const random = seededRandom(args.seed);
  const workload: WorkloadOptions = { random, services: 50, operations: 500 };
  progress(`generating ${args.requests} requests of ${args.batch} spans and log records with the OpenTelemetry SDK`);
  const spanBodies = Array.from({ length: args.requests }, () => spansRequest(workload, args.batch));
  const logBodies = Array.from({ length: args.requests }, () => logsRequest(workload, args.batch));
  const metricBodies: Uint8Array[] = [];
  let dataPoints = 0;
  for (let index = 0; index < args.requests; index++) {
    const { body, dataPoints: points } = await metricsRequest(workload, args.series);
    metricBodies.push(body);
    dataPoints += points;
  }
  const spanBytes = spanBodies.reduce((sum, body) => sum + body.byteLength, 0);

  const spans = measure(spansSignal as Signal, spanBodies, args.requests * args.batch);
  const logs = measure(logsSignal as Signal, logBodies, args.requests * args.batch);
  const metrics = measure(metricsSignal as Signal, metricBodies, dataPoints);

  report({
    bench: 'eventize',
    params: { requests: args.requests, spans_per_request: args.batch, metric_series_per_request: args.series, rounds: args.rounds, seed: args.seed, encoding: 'protobuf', cores_used: 1 },
    metrics: {
      spans_per_s: Math.round(spans.recordsPerSecond),
      logs_per_s: Math.round(logs.recordsPerSecond),
      points_per_s: Math.round(metrics.recordsPerSecond),
      bytes_per_1k_spans: Math.round(spans.bytesAllocatedPerRecord * 1000),
      otlp_protobuf_bytes_per_span: round(spanBytes / (args.requests * args.batch)),
    },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
