import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { listSegments, openSegmentReader } from '@prism/storage';
import { tableToIPC } from 'apache-arrow';
import { Compression, Table as ParquetTable, WriterPropertiesBuilder, writeParquet } from 'parquet-wasm';
import { AnswerMismatchError, type AggregateAnswer, type SearchAnswer } from './query-answers';
import { SPAN_ROW_TYPE, SpanRowColumn, type AggregateCase, type SearchCase } from './query-cases';

/** A timed peer query. */
export interface PeerTimed<T> {
  answer: T;
  ms: number;
}

const SERVICE = sqlName(SpanRowColumn.service);
const TIER = sqlName(SpanRowColumn.tier);

/**
 * DuckDB answering the benchmark's queries over the same rows exported to one ZSTD Parquet file
 * (attributes already flattened into columns by the row model), read in place through a view.
 * The file is written without Parquet Bloom filters: DuckDB 1.5.6 returned empty trace-by-id
 * answers on files written with them (see BENCHMARKS.md).
 */
export class DuckDbPeer {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    readonly parquetPath: string,
  ) {}

  /**
   * Exports the tenant's span rows from the hot store segment by segment (Arrow → Parquet with
   * parquet-wasm), then has DuckDB rewrite them as one file ordered by timestamp, and checks the
   * file holds `expectedRows` rows.
   */
  static async load(hotDir: string, tenantId: string, dataset: string, workDir: string, expectedRows: number): Promise<DuckDbPeer> {
    const partsDir = join(workDir, 'parts');
    await mkdir(partsDir, { recursive: true });
    const props = new WriterPropertiesBuilder().setCompression(Compression.ZSTD).build();
    let parts = 0;
    for (const { segmentId, version } of await listSegments(hotDir, tenantId, dataset)) {
      if (version === 0) continue;
      const table = await (await openSegmentReader(hotDir, tenantId, dataset, segmentId)).readColumns();
      await writeFile(
        join(partsDir, `part-${String(parts++).padStart(6, '0')}.parquet`),
        writeParquet(ParquetTable.fromIPCStream(tableToIPC(table, 'stream')), props),
      );
    }
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const parquetPath = join(workDir, 'spans.parquet');
    await connection.run(
      `COPY (SELECT * FROM read_parquet('${join(partsDir, '*.parquet')}', union_by_name = true) ORDER BY ${sqlName(SpanRowColumn.timestamp)})
       TO '${parquetPath}' (FORMAT parquet, COMPRESSION zstd, WRITE_BLOOM_FILTER false)`,
    );
    await rm(partsDir, { recursive: true, force: true });
    await connection.run(`CREATE VIEW spans AS SELECT * FROM read_parquet('${parquetPath}')`);
    const peer = new DuckDbPeer(instance, connection, parquetPath);
    const rows = Number(await peer.scalar('SELECT count(*) FROM spans'));
    if (rows !== expectedRows) throw new AnswerMismatchError('export', `the Parquet file holds ${rows} rows, the workload wrote ${expectedRows}`);
    return peer;
  }

  async parquetBytes(): Promise<number> {
    return (await stat(this.parquetPath)).size;
  }

  /** Threads DuckDB runs queries on. */
  async threads(): Promise<number> {
    return Number(await this.scalar("SELECT current_setting('threads')"));
  }

  /** Every column of the trace's rows, time order; the answer is the row count. */
  async traceById(traceIdHex: string): Promise<PeerTimed<number>> {
    const started = performance.now();
    const reader = await this.connection.runAndReadAll(`SELECT * FROM spans WHERE trace_id = unhex($1) ORDER BY ${sqlName(SpanRowColumn.timestamp)}`, [
      traceIdHex,
    ]);
    return { answer: reader.currentRowCount, ms: performance.now() - started };
  }

  async search(search: SearchCase): Promise<PeerTimed<SearchAnswer>> {
    const started = performance.now();
    const reader = await this.connection.runAndReadAll(
      `SELECT timestamp, lower(hex(span_id)) AS span_id, ${SERVICE}, duration FROM spans WHERE ${searchWhere()} ORDER BY timestamp DESC LIMIT ${search.limit}`,
      searchValues(search),
    );
    const answer = reader.getRowObjectsJS().map((row) => String(row.span_id));
    return { answer, ms: performance.now() - started };
  }

  /** The search's total match count (not timed). */
  async searchCount(search: SearchCase): Promise<number> {
    return Number(await this.scalar(`SELECT count(*) FROM spans WHERE ${searchWhere()}`, searchValues(search)));
  }

  /** approx_quantile (a t-digest, like Prism's percentile) and span count per service. */
  async aggregate(aggregate: AggregateCase): Promise<PeerTimed<AggregateAnswer>> {
    const started = performance.now();
    const answer = await this.aggregateWith('approx_quantile', aggregate);
    return { answer, ms: performance.now() - started };
  }

  /** The exact quantile per service (quantile_cont), to check both estimates against (not timed). */
  exactAggregate(aggregate: AggregateCase): Promise<AggregateAnswer> {
    return this.aggregateWith('quantile_cont', aggregate);
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }

  private async aggregateWith(fn: 'approx_quantile' | 'quantile_cont', aggregate: AggregateCase): Promise<AggregateAnswer> {
    const reader = await this.connection.runAndReadAll(
      `SELECT ${SERVICE} AS service, ${fn}(duration, ${aggregate.quantile}) AS quantile, count(*) AS spans
       FROM spans WHERE signal_type = $1 AND timestamp >= $2 AND timestamp < $3 GROUP BY 1`,
      [SPAN_ROW_TYPE, aggregate.fromNs, aggregate.toNs],
    );
    return new Map(reader.getRowObjectsJS().map((row) => [String(row.service), { spans: Number(row.spans), quantile: Number(row.quantile) }]));
  }

  private async scalar(sql: string, values: DuckDBValue[] = []): Promise<unknown> {
    const reader = await this.connection.runAndReadAll(sql, values);
    return reader.getRowsJS()[0]?.[0];
  }
}

function searchWhere(): string {
  return `signal_type = $1 AND ${SERVICE} = $2 AND ${TIER} = $3 AND duration >= $4 AND timestamp >= $5 AND timestamp < $6`;
}

function searchValues(search: SearchCase): DuckDBValue[] {
  return [SPAN_ROW_TYPE, search.service, search.tier, search.minDurationNs, search.fromNs, search.toNs];
}

/** A column name quoted for SQL (row-model names hold dots). */
function sqlName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
