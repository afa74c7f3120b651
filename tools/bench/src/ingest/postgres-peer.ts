// The PostgreSQL peer: the same spans as multi-row INSERTs into a plain table with a JSONB
// attributes column, from as many connections as Prism has clients.
import { ContentType } from '@prism/contract';
import { anyValueToJson, decodeTracesRequest, type KeyValue } from '@prism/otlp';
import pg from 'pg';
import { xorIds } from './otlp-wire';

/** Columns of the peer table, in INSERT order. */
const COLUMNS = ['trace_id', 'span_id', 'parent_span_id', 'name', 'kind', 'start_ns', 'end_ns', 'service', 'attributes'] as const;

/** One request's spans as INSERT parameters (9 per span), built once; ids are re-varied per insert. */
export interface PeerBatch {
  rows: number;
  values: unknown[];
  /** Indexes into `values` of the id buffers, to vary them exactly as the HTTP clients vary bodies. */
  idValueIndexes: number[];
}

function attributesJson(attributes: KeyValue[]): Record<string, unknown> {
  return Object.fromEntries(attributes.map((attribute) => [attribute.key, anyValueToJson(attribute.value)]));
}

/** Decodes one OTLP protobuf traces request into insert parameters (not timed). */
export function peerBatchOf(body: Uint8Array): PeerBatch {
  const decoded = decodeTracesRequest(body, ContentType.protobuf);
  if (!decoded.ok) throw decoded.error;
  const batch: PeerBatch = { rows: 0, values: [], idValueIndexes: [] };
  for (const resourceSpans of decoded.value.resourceSpans) {
    const resource = attributesJson(resourceSpans.resource?.attributes ?? []);
    const service = typeof resource['service.name'] === 'string' ? resource['service.name'] : '';
    for (const scopeSpans of resourceSpans.scopeSpans) {
      for (const span of scopeSpans.spans) {
        const base = batch.values.length;
        const attributes = {
          span: attributesJson(span.attributes),
          resource,
          status: { code: span.status?.code ?? 0, message: span.status?.message ?? '' },
          events: span.events.map((event) => ({ time_ns: event.timeUnixNano.toString(), name: event.name, attributes: attributesJson(event.attributes) })),
        };
        const parent = span.parentSpanId.length > 0 ? Buffer.from(span.parentSpanId) : null;
        batch.values.push(
          Buffer.from(span.traceId),
          Buffer.from(span.spanId),
          parent,
          span.name,
          span.kind,
          span.startTimeUnixNano.toString(),
          span.endTimeUnixNano.toString(),
          service,
          JSON.stringify(attributes),
        );
        batch.idValueIndexes.push(base, base + 1, ...(parent === null ? [] : [base + 2]));
        batch.rows++;
      }
    }
  }
  return batch;
}

/** The parameters of `batch` with ids varied by `variant` (same scheme as the HTTP bodies). */
export function peerValuesWithVariant(batch: PeerBatch, variant: number): unknown[] {
  const values = batch.values.slice();
  for (const index of batch.idValueIndexes) {
    const id = Buffer.from(values[index] as Buffer);
    xorIds(id, [0], variant);
    values[index] = id;
  }
  return values;
}

/** `insert into <table> (…) values ($1, …, $9), ($10, …), …` for `rows` rows. */
export function multiRowInsert(table: string, rows: number): string {
  const tuples: string[] = [];
  for (let row = 0; row < rows; row++) {
    tuples.push(`(${COLUMNS.map((_, column) => `$${row * COLUMNS.length + column + 1}`).join(', ')})`);
  }
  return `insert into ${table} (${COLUMNS.join(', ')}) values ${tuples.join(', ')}`;
}

/** A fresh schema and table on a reachable PostgreSQL, or the reason it is not reachable. */
export interface PostgresPeer {
  /** Inserts requests firstIndex … firstIndex+requests-1 (same numbering as the HTTP load); spans and seconds. */
  insert(pool: readonly PeerBatch[], firstIndex: number, requests: number): Promise<{ rows: number; seconds: number }>;
  /** pg_total_relation_size of the table (heap, TOAST, no indexes: the table has none). */
  totalBytes(): Promise<number>;
  /** Drops the schema and closes the connections. */
  close(): Promise<void>;
}

/** Connects `connections` clients and creates the peer table in a new schema. */
export async function openPostgresPeer(url: string, connections: number): Promise<PostgresPeer | { unreachable: string }> {
  const pool = new pg.Pool({ connectionString: url, max: connections, connectionTimeoutMillis: 3000 });
  pool.on('error', () => undefined);
  const schema = `prism_bench_${process.pid}_${Date.now()}`;
  const table = `${schema}.spans`;
  try {
    await pool.query(`create schema ${schema}`);
  } catch (error) {
    await pool.end().catch(() => undefined);
    return { unreachable: error instanceof Error ? error.message : String(error) };
  }
  await pool.query(
    `create table ${table} (trace_id bytea not null, span_id bytea not null, parent_span_id bytea, name text not null, kind int not null, start_ns bigint not null, end_ns bigint not null, service text not null, attributes jsonb not null)`,
  );
  const statementFor = new Map<number, string>();
  return {
    async insert(batches, firstIndex, requests) {
      let next = 0;
      let rows = 0;
      const connection = async (): Promise<void> => {
        const client = await pool.connect();
        try {
          while (next < requests) {
            const index = firstIndex + next++;
            const batch = batches[index % batches.length];
            let statement = statementFor.get(batch.rows);
            if (statement === undefined) statementFor.set(batch.rows, (statement = multiRowInsert(table, batch.rows)));
            await client.query(statement, peerValuesWithVariant(batch, index + 1));
            rows += batch.rows;
          }
        } finally {
          client.release();
        }
      };
      const started = performance.now();
      await Promise.all(Array.from({ length: connections }, connection));
      return { rows, seconds: (performance.now() - started) / 1000 };
    },
    async totalBytes() {
      const { rows } = await pool.query<{ bytes: string }>(`select pg_total_relation_size('${table}') as bytes`);
      return Number(rows[0].bytes);
    },
    async close() {
      await pool.query(`drop schema ${schema} cascade`).catch(() => undefined);
      await pool.end();
    },
  };
}
