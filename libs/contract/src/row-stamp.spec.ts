import { describe, expect, it } from 'vitest';
import { baseKnownColumns } from './base-known-columns';
import { RowBatchBuilder } from './row-batch-builder';
import { RowStamp } from './row-stamp';
import { rowsOf } from './row-values';

describe('RowStamp', () => {
  it('stamps tenant, dataset, signal type and ingest time on every row it starts', () => {
    const builder = new RowBatchBuilder();
    const stamp = new RowStamp(builder, { tenantId: 'acme', ingestTs: 1_700_000_000_123_456_789n }, 'logs');
    expect(stamp.startRow('log')).toBe(0);
    builder.setInt64('timestamp', 5n);
    expect(stamp.startRow('log_event')).toBe(1);
    expect(rowsOf(builder.build())).toEqual([
      { tenant_id: 'acme', dataset: 'logs', signal_type: 'log', ingest_ts: 1_700_000_000_123_456_789n, timestamp: 5n },
      { tenant_id: 'acme', dataset: 'logs', signal_type: 'log_event', ingest_ts: 1_700_000_000_123_456_789n },
    ]);
  });

  it('writes to the dataset the context names, over the default', () => {
    const builder = new RowBatchBuilder();
    const stamp = new RowStamp(builder, { tenantId: 't', dataset: 'staging', ingestTs: 1n }, 'logs');
    stamp.startRow('log');
    expect(stamp.dataset).toBe('staging');
    expect(rowsOf(builder.build())[0]['dataset']).toBe('staging');
  });

  it('keeps ingest times past 2^32 ns and before the epoch exact', () => {
    for (const ingestTs of [0n, 4_294_967_296n, -1n, 9_223_372_036_854_775_807n]) {
      const builder = new RowBatchBuilder();
      new RowStamp(builder, { tenantId: 't', ingestTs }, 'd').startRow('x');
      expect(rowsOf(builder.build())[0]['ingest_ts']).toBe(ingestTs);
    }
  });
});

describe('baseKnownColumns', () => {
  it('lists the common base columns, and the trace context only when asked', () => {
    const common = baseKnownColumns({ traceContext: false });
    expect(common).toMatchObject({
      tenant_id: 'string',
      dataset: 'string',
      signal_type: 'string',
      timestamp: 'int64',
      ingest_ts: 'int64',
      'scope.name': 'string',
      'resource.service.name': 'string',
    });
    expect(common).not.toHaveProperty('trace_id');
    expect(baseKnownColumns({ traceContext: true })).toMatchObject({ trace_id: 'bytes', span_id: 'bytes', trace_state: 'string', trace_flags: 'int64' });
  });
});
