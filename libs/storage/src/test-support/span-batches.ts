import { RowBatchBuilder, type ColumnIndexing, type RowBatch } from '@prism/contract';

/**
 * What a spans-like signal declares for these batches (storage names no signal column itself):
 * Bloom filters on the ids and trace hints from `trace_id`, as the spans signal does.
 */
export const SPAN_BATCH_INDEXING: ColumnIndexing = { dictionary: [], bloom: ['trace_id', 'span_id'], traceIdColumn: 'trace_id' };

/** A writer option giving every dataset {@link SPAN_BATCH_INDEXING}. */
export const spanBatchIndexing = { indexingFor: (): ColumnIndexing => SPAN_BATCH_INDEXING };

/** 2023-11-14T22:10:00Z in ns: the start of a 5-minute window. */
export const BASE_NS = 1_700_000_000_000_000_000n - (1_700_000_000_000_000_000n % 300_000_000_000n);

function idBytes(seed: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed * 2654435761 + 1;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

/** A batch shaped like eventized spans: ~40 columns, a few services, traces of 8 spans. */
export function spanBatch(rows: number, options: { startNs?: bigint; stepNs?: bigint; seed?: number; tag?: string } = {}): RowBatch {
  const builder = new RowBatchBuilder({ initialCapacity: rows });
  const start = options.startNs ?? BASE_NS;
  const step = options.stepNs ?? 1_000_000n;
  const seed = options.seed ?? 1;
  for (let row = 0; row < rows; row++) {
    builder.startRow();
    const trace = Math.floor(row / 8) + seed * 100_000;
    builder.setString('tenant_id', 'acme');
    builder.setString('dataset', 'spans');
    builder.setString('signal_type', 'span');
    builder.setInt64('timestamp', start + BigInt(row) * step);
    builder.setInt64('ingest_ts', start + 5_000_000_000n);
    builder.setInt64('end_timestamp', start + BigInt(row) * step + BigInt(1000 + ((row * 7919) % 90_000)) * 1000n);
    builder.setInt64('duration', BigInt(1000 + ((row * 7919) % 90_000)) * 1000n);
    builder.setBytes('trace_id', idBytes(trace, 16));
    builder.setBytes('span_id', idBytes(seed * 1_000_000 + row, 8));
    if (row % 8 !== 0) builder.setBytes('parent_span_id', idBytes(seed * 1_000_000 + row - 1, 8));
    builder.setInt64('trace_flags', 1n);
    builder.setString('name', ['GET /users', 'SELECT users', 'POST /orders', 'redis GET', 'publish orders'][row % 5]);
    builder.setInt64('kind', BigInt(1 + (row % 5)));
    builder.setInt64('status.code', row % 50 === 0 ? 2n : 0n);
    if (row % 50 === 0) builder.setString('status.message', 'upstream timed out');
    builder.setString('scope.name', '@opentelemetry/instrumentation-http');
    builder.setString('scope.version', '0.52.0');
    builder.setString('resource.service.name', ['frontend', 'orders', 'users', 'payments'][trace % 4]);
    builder.setString('resource.service.version', '1.4.2');
    builder.setString('resource.service.instance.id', `pod-${trace % 4}-7f9c`);
    builder.setString('resource.host.name', `node-${trace % 3}`);
    builder.setString('resource.telemetry.sdk.name', 'opentelemetry');
    builder.setString('resource.telemetry.sdk.language', 'nodejs');
    builder.setString('resource.telemetry.sdk.version', '1.25.0');
    builder.setString('resource.deployment.environment', 'production');
    builder.setString('span.attr.http.method', ['GET', 'POST'][row % 2]);
    builder.setString('span.attr.http.route', ['/users/:id', '/orders', '/health'][row % 3]);
    builder.setString('span.attr.http.url', `https://api.example.com/users/${(row * 31) % 997}?page=${row % 7}`);
    builder.setInt64('span.attr.http.status_code', row % 50 === 0 ? 500n : 200n);
    builder.setString('span.attr.net.peer.name', 'api.example.com');
    builder.setInt64('span.attr.net.peer.port', 443n);
    builder.setString('span.attr.db.system', 'postgresql');
    builder.setString('span.attr.db.statement', `SELECT * FROM users WHERE id = ${(row * 13) % 1000}`);
    builder.setDouble('span.attr.sample.rate', 0.25);
    builder.setDouble('span.attr.queue.wait_ms', ((row * 37) % 1000) / 10);
    builder.setBool('span.attr.cache.hit', row % 3 === 0);
    builder.setInt64('span.attr.retry.count', BigInt(row % 4));
    builder.setString('span.attr.user_agent', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36');
    builder.setString('span.attr.thread.name', `worker-${row % 8}`);
    builder.setInt64('span.attr.thread.id', BigInt(row % 8));
    builder.setString('span.attr.component', 'http');
    if (options.tag !== undefined) builder.setString('batch_tag', options.tag);
  }
  return builder.build();
}
