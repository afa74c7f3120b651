// Lifecycle benchmark: hot bytes per span vs Parquet bytes per span, parquetize throughput, and the
// query benchmark's three queries over the cold tier (Parquet in the local object store), with
// DuckDB's own ZSTD Parquet export of the same spans as a size peer.
// npm run bench -- lifecycle [--spans N | --size N] [--runs N] [--warmup N] [--seed S] [--rowGroupRows N] [--sort 0-4] [--writerVersion 1|2] [--statistics 0-2 (none, chunk, page)] [--dictRatio R] [--int64Split 0|1] [--windowMinutes M] [--keep 1]
//
// Spans go through IngestService as in the query bench; every segment is then marked sealed (hot
// copies kept, as the sealer leaves them) and one parquetizer pass compacts each hour into
// `part-001.parquet` and deletes the hot copies. Cold queries run through the tiered segment
// source, and every answer is checked against DuckDB over its own Parquet file.
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Catalog } from '@prism/catalog';
import { defaultParquetizerOptions, parquetizerPass } from '@prism/lifecycle';
import { datasetIndexingOf, registeredAggregates, registeredSignals, signalByName } from '@prism/signal-registry';
import { QueryEngine, tieredSegmentSource, type QueryExplain } from '@prism/query';
import { FilesystemObjectStore, defaultFilesystemObjectStoreOptions, defaultParquetWriteOptions } from '@prism/storage';
import { benchArgs, percentile, progress, report, round, seededRandom } from './harness';
import { DuckDbPeer } from './query/duckdb-peer';
import { PrismStore } from './query/prism-store';
import { PrismQueries, explainSummary } from './query/prism-queries';
import { checkAggregate, checkSearch, checkTraceRows } from './query/query-answers';
import { queryCasesFor } from './query/query-cases';
import { defaultSpanWorkloadOptions, SpanWorkload } from './query/span-workload';

const writeDefaults = defaultParquetWriteOptions();
const args = benchArgs({
  spans: 200_000,
  size: 0,
  runs: 20,
  warmup: 3,
  seed: 42,
  batch: 1000,
  clients: 2,
  windowMinutes: 120,
  rowGroupRows: writeDefaults.rowGroupRows,
  sort: 0,
  writerVersion: writeDefaults.writerVersion,
  statistics: 0,
  keep: 0,
  dictRatio: writeDefaults.columnEncodings.maxDictionaryDistinctRatio,
  int64Split: writeDefaults.columnEncodings.nonDictionaryInt64 === 'byte-stream-split' ? 1 : 0,
});
/** Row orders measured with `--sort N` (0 is the writer's default). */
const SORTS = [
  writeDefaults.sortColumns,
  ['timestamp'],
  ['resource.service.name', 'timestamp'],
  ['resource.service.name', 'name', 'trace_id', 'timestamp'],
  ['trace_id', 'timestamp'],
];
const sortColumns = SORTS[args.sort] ?? SORTS[0];
const spanCount = args.size > 0 ? args.size : args.spans;
const TENANT = 'bench';
const COLD_TRACE_TARGET_MS = 300;
const FAR_FUTURE_MS = Date.UTC(2100, 0, 1);

async function main(): Promise<void> {
  const loadBefore = loadavg()[0];
  const dir = await mkdtemp(join(tmpdir(), 'prism-bench-lifecycle-'));
  let store: PrismStore | undefined;
  let duckdb: DuckDbPeer | undefined;
  try {
    store = await PrismStore.open(join(dir, 'prism'), TENANT);
    // PrismStore keeps its catalog private; the lifecycle steps need the same open PGlite instance.
    const catalog = (store as unknown as { catalog: Catalog }).catalog;
    const workload = new SpanWorkload({
      ...defaultSpanWorkloadOptions(seededRandom(args.seed), spanCount),
      batch: args.batch,
      windowMinutes: args.windowMinutes,
    });
    progress(`ingesting ${spanCount} spans through IngestService into ${dir}`);
    const ingested = await store.ingestAll(
      () => workload.next(),
      args.clients,
      (t) => progress(`ingested ${t.spans} spans in ${round(t.seconds, 1)} s`),
    );
    const hotBytes = await store.storedBytes();
    progress(`hot store: ${hotBytes} bytes for ${ingested.spans} spans (${ingested.rows} rows)`);

    progress('DuckDB peer: exporting the same rows to one ZSTD Parquet file');
    duckdb = await DuckDbPeer.load(store.hotDir, TENANT, 'spans', join(dir, 'duckdb'), ingested.rows);
    const duckdbParquetBytes = await duckdb.parquetBytes();

    const tenant = catalog.forTenant(TENANT);
    const segments = await tenant.segments.overlapping({ dataset: 'spans', fromNs: 0n, toNs: 2n ** 62n });
    for (const segment of segments) {
      await tenant.segments.transition(segment.segmentId, 'sealing');
      await tenant.segments.transition(segment.segmentId, 'sealed');
    }
    progress(`sealed ${segments.length} segments; parquetizing (row groups of ${args.rowGroupRows} rows)`);
    const objectStore = new FilesystemObjectStore(defaultFilesystemObjectStoreOptions(join(dir, 'objects')));
    const started = performance.now();
    const pass = await parquetizerPass(
      { catalog, hotRoot: store.hotDir, objectStore, clock: () => FAR_FUTURE_MS, indexingFor: datasetIndexingOf(registeredSignals()) },
      {
        ...defaultParquetizerOptions(),
        write: {
          ...writeDefaults,
          rowGroupRows: args.rowGroupRows,
          sortColumns,
          writerVersion: args.writerVersion === 1 ? 1 : 2,
          parquetStatistics: (['none', 'chunk', 'page'] as const)[args.statistics] ?? 'none',
          columnEncodings: { maxDictionaryDistinctRatio: args.dictRatio, nonDictionaryInt64: args.int64Split === 1 ? 'byte-stream-split' : 'plain' },
        },
      },
      (event) => {
        if (event.kind === 'part-written') progress(`${event.objectKey}: ${event.rows} rows, ${event.bytes} bytes in ${round(event.ms)} ms`);
        if (event.kind === 'failed') progress(`FAILED: ${event.error}`);
      },
    );
    const parquetizeSeconds = (performance.now() - started) / 1000;
    if (pass.failures > 0 || pass.rows !== ingested.rows) throw new Error(`parquetizer wrote ${pass.rows} of ${ingested.rows} rows, ${pass.failures} failures`);
    progress(`parquetized ${pass.rows} rows into ${pass.parts} parts, ${pass.bytes} bytes, in ${round(parquetizeSeconds, 1)} s`);

    const cold = new QueryEngine({
      catalog,
      segments: tieredSegmentSource({ hotRoot: store.hotDir, objectStore, catalog, cachedFiles: 256 }),
      findSignal: signalByName,
      aggregates: registeredAggregates(),
    });
    const prism = new PrismQueries(cold, TENANT);
    const cases = queryCasesFor(workload.traceSamples, workload.options.startMs, workload.options.windowMinutes);
    const samples = { trace_by_id: [] as number[], search: [] as number[], aggregate: [] as number[] };
    const fetched = { trace_by_id: [] as number[], search: [] as number[], aggregate: [] as number[] };
    let last: Record<string, QueryExplain> = {};
    for (let run = 0; run < args.warmup + args.runs; run++) {
      const trace = cases.traces[run % cases.traces.length];
      const prismTrace = await prism.traceById(trace.traceIdHex);
      checkTraceRows(trace.traceIdHex, trace.rows, prismTrace.answer, (await duckdb.traceById(trace.traceIdHex)).answer);
      const prismSearch = await prism.search(cases.search);
      checkSearch(prismSearch.answer, (await duckdb.search(cases.search)).answer, cases.search.limit);
      const prismAggregate = await prism.aggregate(cases.aggregate);
      checkAggregate(prismAggregate.answer, (await duckdb.aggregate(cases.aggregate)).answer, 0.05);
      if (run < args.warmup) continue;
      samples.trace_by_id.push(prismTrace.ms);
      samples.search.push(prismSearch.ms);
      samples.aggregate.push(prismAggregate.ms);
      fetched.trace_by_id.push(prismTrace.explain.bytesFetched);
      fetched.search.push(prismSearch.explain.bytesFetched);
      fetched.aggregate.push(prismAggregate.explain.bytesFetched);
      last = { trace_by_id: prismTrace.explain, search: prismSearch.explain, aggregate: prismAggregate.explain };
      progress(
        `run ${run + 1 - args.warmup}/${args.runs}: cold trace ${round(prismTrace.ms)} ms, search ${round(prismSearch.ms)} ms, aggregate ${round(prismAggregate.ms)} ms`,
      );
    }
    for (const [name, explain] of Object.entries(last)) {
      progress(
        `cold ${name}: ${explainSummary(explain)}; row groups ${explain.rowGroups.read}/${explain.rowGroups.considered} read; fetched ${explain.bytesFetched} bytes`,
      );
    }

    const parquetBytesPerSpan = pass.bytes / ingested.spans;
    const duckdbBytesPerSpan = duckdbParquetBytes / ingested.spans;
    const traceP95 = percentile(samples.trace_by_id, 95);
    progress(
      `targets: Parquet ≤ DuckDB (${round(parquetBytesPerSpan)} vs ${round(duckdbBytesPerSpan)} bytes/span) ${parquetBytesPerSpan <= duckdbBytesPerSpan ? 'met' : 'NOT met'}; ` +
        `cold trace-by-id p95 < ${COLD_TRACE_TARGET_MS} ms (${round(traceP95)}) ${traceP95 < COLD_TRACE_TARGET_MS ? 'met' : 'NOT met'}`,
    );
    report({
      bench: 'lifecycle',
      params: {
        spans: ingested.spans,
        rows: ingested.rows,
        seed: args.seed,
        runs: args.runs,
        warmup: args.warmup,
        window_minutes: args.windowMinutes,
        row_group_rows: args.rowGroupRows,
        parquet_writer_version: args.writerVersion,
        parquet_statistics: ['none', 'chunk', 'page'][args.statistics],
        sort_columns: sortColumns.join(','),
        dictionary_max_distinct_ratio: args.dictRatio,
        int64_byte_stream_split: args.int64Split === 1,
        parquet_parts: pass.parts,
        segments: segments.length,
        object_store: 'filesystem (local)',
        search: `${cases.search.service} + customer.tier=${cases.search.tier} + duration>=${cases.search.minDurationNs / 1_000_000n}ms, limit ${cases.search.limit}`,
        aggregate: `p${cases.aggregate.quantile * 100}(duration) by service over the middle hour`,
        load_average_1m_before: round(loadBefore),
        load_average_1m_after: round(loadavg()[0]),
      },
      metrics: {
        hot_bytes_per_span: round(hotBytes / ingested.spans),
        parquet_bytes_per_span: round(parquetBytesPerSpan),
        parquetize_spans_per_s: Math.round(ingested.spans / parquetizeSeconds),
        cold_trace_by_id_p50_ms: round(percentile(samples.trace_by_id, 50)),
        cold_trace_by_id_p95_ms: round(traceP95),
        cold_search_p50_ms: round(percentile(samples.search, 50)),
        cold_search_p95_ms: round(percentile(samples.search, 95)),
        cold_aggregate_p50_ms: round(percentile(samples.aggregate, 50)),
        cold_aggregate_p95_ms: round(percentile(samples.aggregate, 95)),
        cold_trace_by_id_bytes_fetched: Math.round(percentile(fetched.trace_by_id, 50)),
        cold_search_bytes_fetched: Math.round(percentile(fetched.search, 50)),
        cold_aggregate_bytes_fetched: Math.round(percentile(fetched.aggregate, 50)),
      },
      peers: { duckdb: { parquet_bytes_per_span: round(duckdbBytesPerSpan) } },
      ratios: { parquet_bytes_per_span_vs_duckdb: round(parquetBytesPerSpan / duckdbBytesPerSpan, 3) },
    });
  } finally {
    duckdb?.close();
    await store?.close();
    // --keep 1 leaves the hot dir, the Parquet parts and DuckDB's file for per-column comparison.
    if (args.keep === 1) progress(`kept ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
