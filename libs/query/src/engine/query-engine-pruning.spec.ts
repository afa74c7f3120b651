import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryFixture } from '../test-support/query-fixture';
import { MINUTE, PAYMENTS_TRACE, T0, loadSampleData } from '../test-support/sample-data';
import { hexOf } from '../exec/column-cells';

let fixture: QueryFixture;

beforeAll(async () => {
  fixture = await QueryFixture.open();
  await loadSampleData(fixture);
}, 60_000);

afterAll(async () => {
  await fixture?.close();
});

describe('segment pruning', () => {
  it('reads only the segments the catalog finds in the time range', async () => {
    const { rows, explain } = await fixture
      .engine()
      .execute({ signal: 'spans', timeRange: { fromNs: T0 + 20n * MINUTE, toNs: T0 + 25n * MINUTE }, aggregates: [{ fn: 'count' }] }, { tenantId: 'acme' });
    expect(rows).toEqual([{ count: 5 }]);
    expect(explain.segmentSource).toBe('time-range');
    expect(explain.segments).toMatchObject({ inDataset: 2, candidates: 1, prunedByTime: 1, read: 1 });
    expect(explain.openedSegments).toEqual(['acme/spans/20240501T102000Z-300s']);
  });

  it('finds a trace through trace hints and rules out the other commit by its Bloom filter', async () => {
    const { rows, explain } = await fixture
      .engine()
      .execute({ signal: 'spans', filters: [{ column: 'traceId', op: 'eq', value: PAYMENTS_TRACE }], select: ['service', 'traceId'] }, { tenantId: 'acme' });
    expect(rows).toEqual([{ service: 'payments', traceId: Uint8Array.from(Buffer.from(PAYMENTS_TRACE, 'hex')) }]);
    expect(explain.segmentSource).toBe('trace-hints');
    expect(explain.segments).toMatchObject({ inDataset: 2, candidates: 1, prunedByTraceHints: 1 });
    // The checkout commit's trace ids span 00…01 to ff…ff, so min/max cannot rule it out: the Bloom filter does.
    expect(explain.blocks).toMatchObject({ considered: 2, prunedByBloom: 1, prunedByStats: 0 });
    expect(explain.rowsScanned).toBe(10);
  });

  it('skips blocks whose min/max rule out a filter, and whole segments when every block goes', async () => {
    const engine = fixture.engine();
    const payments = await engine.execute(
      { signal: 'spans', filters: [{ column: 'service', op: 'eq', value: 'payments' }], aggregates: [{ fn: 'count' }] },
      { tenantId: 'acme' },
    );
    expect(payments.rows).toEqual([{ count: 10 }]);
    // checkout block of the T0 segment by stats; the search segment's only block by stats.
    expect(payments.explain.blocks).toMatchObject({ considered: 3, prunedByStats: 2, prunedByBloom: 0 });
    expect(payments.explain.segments).toMatchObject({ candidates: 2, prunedByBlocks: 1, read: 1 });
    expect(payments.explain.rowsScanned).toBe(10);

    const slow = await engine.execute(
      { signal: 'spans', filters: [{ column: 'duration', op: 'gt', value: 2_000_000_000 }], aggregates: [{ fn: 'count' }] },
      { tenantId: 'acme' },
    );
    expect(slow.rows).toEqual([{ count: 0 }]);
    expect(slow.explain.segments.read).toBe(0);
    expect(slow.explain.bytesRead).toBe(0);
  });

  it('prunes by a column a segment never saw (all nulls)', async () => {
    const { explain, rows } = await fixture
      .engine()
      .execute({ signal: 'spans', filters: [{ column: 'span.attr.retry', op: 'exists' }], aggregates: [{ fn: 'count' }] }, { tenantId: 'acme' });
    expect(rows).toEqual([{ count: 5 }]);
    expect(explain.segments.read).toBe(1);
    expect(explain.blocks.prunedByStats).toBe(2);
  });

  it('reads only the columns the query needs and reports their bytes', async () => {
    const { explain } = await fixture
      .engine()
      .execute({ signal: 'spans', groupBy: [{ column: 'service' }], aggregates: [{ fn: 'max', column: 'duration' }] }, { tenantId: 'acme' });
    expect(explain.columnsRead).toEqual(['duration', 'resource.service.name', 'tenant_id']);
    expect(explain.bytesRead).toBeGreaterThan(0);
    expect(Object.keys(explain.stageMs)).toEqual(['plan', 'prune', 'read', 'execute', 'format']);
  });
});

describe('tenant isolation', () => {
  it('a tenant-B query opens no tenant-A segment, even when it names tenant A', async () => {
    const opened: string[] = [];
    const engine = fixture.engine({ segments: fixture.watchedSource(opened) });
    const own = await engine.execute({ signal: 'spans', select: ['service'] }, { tenantId: 'globex' });
    expect(own.rows).toEqual([{ service: 'globex-web' }]);
    const widened = await engine.execute(
      { signal: 'spans', filters: [{ column: 'tenant_id', op: 'eq', value: 'acme' }], select: ['service'] },
      { tenantId: 'globex' },
    );
    expect(widened.rows).toEqual([]);
    const sharedTrace = await engine.findTrace(PAYMENTS_TRACE, { tenantId: 'globex' }, { signal: 'spans' });
    expect(sharedTrace.rows.map((row) => row['resource.service.name'])).toEqual(['globex-web']);
    expect(opened.length).toBeGreaterThan(0);
    expect(opened.every((path) => path.startsWith('globex/'))).toBe(true);
    expect(sharedTrace.explain.openedSegments.every((path) => path.startsWith('globex/'))).toBe(true);
  });
});

describe('findTrace', () => {
  it('returns every column of the trace rows in time order', async () => {
    const { rows, explain } = await fixture.engine().findTrace(PAYMENTS_TRACE.toUpperCase(), { tenantId: 'acme' }, { signal: 'spans' });
    expect(rows).toHaveLength(1);
    expect(hexOf(rows[0]['trace_id'] as Uint8Array)).toBe(PAYMENTS_TRACE);
    expect(rows[0]).toMatchObject({ name: 'charge', 'span.attr.http.method': 'POST', 'resource.service.name': 'payments' });
    expect(explain.segmentSource).toBe('trace-hints');
  });

  it('finds nothing, and opens nothing, for an unknown trace', async () => {
    const { rows, explain } = await fixture.engine().findTrace('0123456789abcdef0123456789abcdef', { tenantId: 'acme' }, { signal: 'spans' });
    expect(rows).toEqual([]);
    expect(explain.openedSegments).toEqual([]);
  });
});
