// Query benchmark: trace by id, search and aggregate over spans ingested through the real ingest
// path, with DuckDB over the same rows in Parquet as a peer.
// npm run bench -- query [--spans N] [--runs N] [--warmup N] [--seed S] [--batch N] [--clients N] [--windowMinutes M]
//
// Spans are generated as OTLP protobuf requests (50 services, 500 operations, 20 attributes per
// span, 5% errors, log-normal durations, timestamps over `windowMinutes`) and sent through
// IngestService in process (eventize, hot-store commit, on-disk PGlite catalog). The same rows are
// then exported to one ZSTD Parquet file for DuckDB. Each run sends the same query to both sides
// (a different trace id per run), alternating who goes first, and fails if their answers differ.
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QueryExplain } from '@prism/query';
import { benchArgs, median, percentile, progress, report, round, seededRandom } from './harness';
import { DuckDbPeer } from './query/duckdb-peer';
import { PrismStore } from './query/prism-store';
import { explainSummary, PrismQueries } from './query/prism-queries';
import { checkAggregate, checkSearch, checkSearchCount, checkTraceRows, topServices } from './query/query-answers';
import { queryCasesFor, type QueryCases } from './query/query-cases';
import { defaultSpanWorkloadOptions, SPAN_ATTRIBUTE_KEYS, SpanWorkload } from './query/span-workload';

const args = benchArgs({ spans: 200_000, size: 0, runs: 20, warmup: 3, seed: 42, batch: 1000, clients: 2, windowMinutes: 120 });
const spanCount = args.size > 0 ? args.size : args.spans;
const TENANT = 'bench';
const TARGET_MS = { trace_by_id: 50, search: 500, aggregate: 2000 } as const;
type QueryName = keyof typeof TARGET_MS;

/** Latencies and bytes read per query, per side. */
interface Samples {
  prism: Record<QueryName, number[]>;
  duckdb: Record<QueryName, number[]>;
  bytesRead: Record<QueryName, number[]>;
  /** Explain of the last timed run of each query. */
  lastExplain: Partial<Record<QueryName, QueryExplain>>;
}

function emptySamples(): Samples {
  const empty = (): Record<QueryName, number[]> => ({ trace_by_id: [], search: [], aggregate: [] });
  return { prism: empty(), duckdb: empty(), bytesRead: empty(), lastExplain: {} };
}

/** Runs both sides `warmup + runs` times, interleaved, checking every answer; keeps the timed runs. */
async function measure(prism: PrismQueries, duckdb: DuckDbPeer, cases: QueryCases): Promise<Samples> {
  const samples = emptySamples();
  for (let run = 0; run < args.warmup + args.runs; run++) {
    const timed = run >= args.warmup;
    const prismFirst = run % 2 === 0;
    const both = async <P, D>(onPrism: () => Promise<P>, onPeer: () => Promise<D>): Promise<[P, D]> => {
      if (prismFirst) {
        const p = await onPrism();
        return [p, await onPeer()];
      }
      const d = await onPeer();
      return [await onPrism(), d];
    };

    const trace = cases.traces[run % cases.traces.length];
    const [prismTrace, peerTrace] = await both(
      () => prism.traceById(trace.traceIdHex),
      () => duckdb.traceById(trace.traceIdHex),
    );
    checkTraceRows(trace.traceIdHex, trace.rows, prismTrace.answer, peerTrace.answer);

    const [prismSearch, peerSearch] = await both(
      () => prism.search(cases.search),
      () => duckdb.search(cases.search),
    );
    checkSearch(prismSearch.answer, peerSearch.answer, cases.search.limit);

    const [prismAggregate, peerAggregate] = await both(
      () => prism.aggregate(cases.aggregate),
      () => duckdb.aggregate(cases.aggregate),
    );
    checkAggregate(prismAggregate.answer, peerAggregate.answer, 0.05);

    if (timed) {
      samples.prism.trace_by_id.push(prismTrace.ms);
      samples.prism.search.push(prismSearch.ms);
      samples.prism.aggregate.push(prismAggregate.ms);
      samples.duckdb.trace_by_id.push(peerTrace.ms);
      samples.duckdb.search.push(peerSearch.ms);
      samples.duckdb.aggregate.push(peerAggregate.ms);
      samples.bytesRead.trace_by_id.push(prismTrace.explain.bytesRead);
      samples.bytesRead.search.push(prismSearch.explain.bytesRead);
      samples.bytesRead.aggregate.push(prismAggregate.explain.bytesRead);
      samples.lastExplain = { trace_by_id: prismTrace.explain, search: prismSearch.explain, aggregate: prismAggregate.explain };
    }
    progress(
      `${timed ? 'run' : 'warm-up'} ${run + 1}/${args.warmup + args.runs}: trace ${round(prismTrace.ms)} / ${round(peerTrace.ms)} ms, ` +
        `search ${round(prismSearch.ms)} / ${round(peerSearch.ms)} ms, aggregate ${round(prismAggregate.ms)} / ${round(peerAggregate.ms)} ms (prism / duckdb)`,
    );
  }
  return samples;
}

/** `<query>_p50_ms` and `<query>_p95_ms` for each query. */
function latencyMetrics(byQuery: Record<QueryName, number[]>): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const [name, values] of Object.entries(byQuery)) {
    metrics[`${name}_p50_ms`] = round(percentile(values, 50));
    metrics[`${name}_p95_ms`] = round(percentile(values, 95));
  }
  return metrics;
}

async function main(): Promise<void> {
  const loadBefore = loadavg()[0];
  const dir = await mkdtemp(join(tmpdir(), 'prism-bench-query-'));
  let store: PrismStore | undefined;
  let duckdb: DuckDbPeer | undefined;
  try {
    store = await PrismStore.open(join(dir, 'prism'), TENANT);
    const workload = new SpanWorkload({
      ...defaultSpanWorkloadOptions(seededRandom(args.seed), spanCount),
      batch: args.batch,
      windowMinutes: args.windowMinutes,
    });
    progress(`ingesting ${spanCount} spans in requests of ${args.batch} through IngestService (${args.clients} concurrent), into ${dir}`);
    const ingested = await store.ingestAll(
      () => workload.next(),
      args.clients,
      (totals) => progress(`ingested ${totals.spans} spans (${totals.rows} rows) in ${round(totals.seconds, 1)} s`),
    );
    const storedBytes = await store.storedBytes();
    progress(`ingested ${ingested.spans} spans as ${ingested.rows} rows in ${round(ingested.seconds, 1)} s; hot store ${storedBytes} bytes`);

    progress('exporting the rows to Parquet for DuckDB');
    const exportStarted = performance.now();
    duckdb = await DuckDbPeer.load(store.hotDir, TENANT, 'spans', join(dir, 'duckdb'), ingested.rows);
    const parquetBytes = await duckdb.parquetBytes();
    progress(`Parquet file ${parquetBytes} bytes, written in ${round((performance.now() - exportStarted) / 1000, 1)} s; row count checked`);

    const options = workload.options;
    const cases = queryCasesFor(workload.traceSamples, options.startMs, options.windowMinutes);
    const prism = new PrismQueries(store.engine, TENANT);
    const [prismMatches, peerMatches] = [await prism.searchCount(cases.search), await duckdb.searchCount(cases.search)];
    checkSearchCount(prismMatches, peerMatches);
    if (prismMatches <= cases.search.limit) progress(`warning: the search matches only ${prismMatches} spans, not more than its limit; use more --spans`);
    const exact = await duckdb.exactAggregate(cases.aggregate);
    const quantileError = checkAggregate((await prism.aggregate(cases.aggregate)).answer, exact, 0.05);
    progress(
      `answers agree: search matches ${prismMatches} spans; top services ${topServices(exact, 3).join(', ')}; p95 within ${round(quantileError * 100)}% of exact`,
    );

    const samples = await measure(prism, duckdb, cases);
    for (const [name, explain] of Object.entries(samples.lastExplain)) progress(`prism ${name}: ${explainSummary(explain)}`);
    const prismMetrics = latencyMetrics(samples.prism);
    const peerMetrics = latencyMetrics(samples.duckdb);
    const allBytes = [...samples.bytesRead.trace_by_id, ...samples.bytesRead.search, ...samples.bytesRead.aggregate];
    const bytesReadPerQuery = allBytes.reduce((sum, bytes) => sum + bytes, 0) / allBytes.length;
    const targetsMet = (Object.keys(TARGET_MS) as QueryName[]).every((name) => prismMetrics[`${name}_p95_ms`] < TARGET_MS[name]);
    progress(
      `targets (p95: trace ${TARGET_MS.trace_by_id} ms, search ${TARGET_MS.search} ms, aggregate ${TARGET_MS.aggregate} ms) ${targetsMet ? 'met' : 'NOT met'}`,
    );

    const ratios: Record<string, number> = {};
    for (const name of Object.keys(TARGET_MS)) {
      for (const stat of ['p50', 'p95']) ratios[`${name}_${stat}_ms_vs_duckdb`] = round(prismMetrics[`${name}_${stat}_ms`] / peerMetrics[`${name}_${stat}_ms`]);
    }
    ratios.stored_bytes_vs_duckdb = round(storedBytes / parquetBytes);

    report({
      bench: 'query',
      params: {
        spans: ingested.spans,
        rows: ingested.rows,
        batch: args.batch,
        clients: args.clients,
        runs: args.runs,
        warmup: args.warmup,
        seed: args.seed,
        services: options.services,
        operations: options.operations,
        attributes_per_span: SPAN_ATTRIBUTE_KEYS.length,
        error_rate: options.errorRate,
        window_minutes: options.windowMinutes,
        ingest_path: 'in-process IngestService, OTLP protobuf, on-disk PGlite catalog',
        search: `${cases.search.service} + customer.tier=${cases.search.tier} + duration>=${cases.search.minDurationNs / 1_000_000n}ms, whole window, limit ${cases.search.limit}`,
        aggregate: `p${cases.aggregate.quantile * 100}(duration) by service over the middle hour`,
        search_matches: prismMatches,
        duckdb_threads: await duckdb.threads(),
        duckdb_aggregate_fn: 'approx_quantile',
        targets_met: targetsMet,
        load_average_1m_before: round(loadBefore),
        load_average_1m_after: round(loadavg()[0]),
      },
      metrics: {
        ...prismMetrics,
        bytes_read_per_query: Math.round(bytesReadPerQuery),
        trace_by_id_bytes_read: Math.round(median(samples.bytesRead.trace_by_id)),
        search_bytes_read: Math.round(median(samples.bytesRead.search)),
        aggregate_bytes_read: Math.round(median(samples.bytesRead.aggregate)),
        stored_bytes: storedBytes,
        stored_bytes_per_span: round(storedBytes / ingested.spans),
        bytes_read_per_query_vs_stored: round(bytesReadPerQuery / storedBytes, 4),
        aggregate_quantile_max_error: round(quantileError, 4),
        ingest_spans_per_s: Math.round(ingested.spans / ingested.seconds),
      },
      peers: { duckdb: { ...peerMetrics, stored_bytes: parquetBytes, stored_bytes_per_span: round(parquetBytes / ingested.spans) } },
      ratios,
    });
  } finally {
    duckdb?.close();
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
