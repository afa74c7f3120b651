import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hexOf } from '../exec/column-cells';
import { tracesBody, type TestSpan } from '../test-support/otlp-json-bodies';
import { QueryFixture } from '../test-support/query-fixture';
import { MINUTE, MS, SECOND, T0 } from '../test-support/sample-data';

let fixture: QueryFixture;

function spans(services: ReadonlyArray<[service: string, name: string]>, startNs: bigint, tracePrefix: string): TestSpan[] {
  return services.map(([service, name], index) => ({
    traceId: tracePrefix + index.toString(16).padStart(31, '0'),
    spanId: (startNs / SECOND + BigInt(index)).toString(16).padStart(16, '0'),
    service,
    name,
    startNs: startNs + BigInt(index) * SECOND,
    durationNs: BigInt(index + 1) * MS,
  }));
}

/**
 * One segment (T0) of three commits — alpha+gamma, beta, alpha+delta — so 'beta' lies inside the
 * min/max of every commit's service block; and a later segment (T0 + 20 min) of five 'late' spans.
 */
beforeAll(async () => {
  fixture = await QueryFixture.open();
  await fixture.ingest(
    'acme',
    'spans',
    tracesBody(
      spans(
        [
          ['alpha', 'write'],
          ['gamma', 'read'],
          ['alpha', 'write'],
          ['gamma', 'read'],
        ],
        T0,
        '1',
      ),
    ),
  );
  await fixture.ingest(
    'acme',
    'spans',
    tracesBody(
      spans(
        [
          ['beta', 'read'],
          ['beta', 'read'],
        ],
        T0 + MINUTE,
        '2',
      ),
    ),
  );
  await fixture.ingest(
    'acme',
    'spans',
    tracesBody(
      spans(
        [
          ['alpha', 'read'],
          ['delta', 'write'],
          ['delta', 'write'],
        ],
        T0 + 2n * MINUTE,
        '3',
      ),
    ),
  );
  await fixture.ingest(
    'acme',
    'spans',
    tracesBody(
      spans(
        [
          ['late', 'a'],
          ['late', 'b'],
          ['late', 'c'],
          ['late', 'd'],
          ['late', 'e'],
        ],
        T0 + 20n * MINUTE,
        '4',
      ),
    ),
  );
}, 60_000);

afterAll(async () => {
  await fixture?.close();
});

describe('block selection', () => {
  it('prunes by the values a block lists (its dictionary) where min/max cannot, and reads only the surviving block', async () => {
    const { rows, explain } = await fixture
      .engine()
      .execute({ signal: 'spans', filters: [{ column: 'service', op: 'eq', value: 'beta' }], aggregates: [{ fn: 'count' }] }, { tenantId: 'acme' });
    expect(rows).toEqual([{ count: 2 }]);
    // T0 segment: alpha..gamma and alpha..delta both hold 'beta' by min/max; the late segment does not.
    expect(explain.blocks).toMatchObject({ considered: 4, prunedByStats: 1, prunedByDictionary: 2, read: 1, readDespitePruning: 0 });
    expect(explain.rowsScanned).toBe(2);
  });

  it('in: keeps a block that lists any of the values', async () => {
    const { rows, explain } = await fixture
      .engine()
      .execute({ signal: 'spans', filters: [{ column: 'service', op: 'in', value: ['beta', 'delta'] }], aggregates: [{ fn: 'count' }] }, { tenantId: 'acme' });
    expect(rows).toEqual([{ count: 4 }]);
    expect(explain.blocks).toMatchObject({ prunedByDictionary: 1, read: 2 });
  });

  it('trace by id reads the one commit its Bloom filters leave, every column of it', async () => {
    const traceId = '3' + (1).toString(16).padStart(31, '0');
    const { rows, explain } = await fixture.engine().findTrace(traceId, { tenantId: 'acme' }, { signal: 'spans' });
    expect(rows.map((row) => hexOf(row['trace_id'] as Uint8Array))).toEqual([traceId]);
    expect(rows[0]).toMatchObject({ 'resource.service.name': 'delta', name: 'write' });
    expect(explain.blocks).toMatchObject({ considered: 3, read: 1, readDespitePruning: 0 });
    expect(explain.blocks.prunedByStats + explain.blocks.prunedByBloom).toBe(2);
    expect(explain.rowsScanned).toBe(3);
  });

  it('reads projected columns only for commits where a row passed the filters (late materialization)', async () => {
    const { rows, explain } = await fixture.engine().execute(
      {
        signal: 'spans',
        filters: [
          { column: 'service', op: 'eq', value: 'alpha' },
          { column: 'name', op: 'eq', value: 'write' },
        ],
        select: ['spanId', 'duration'],
      },
      { tenantId: 'acme' },
    );
    expect(rows).toHaveLength(2);
    // The beta commit and the late segment go by min/max; commit 3 lists both 'alpha' and 'write'
    // (on different rows), so only its filter columns are read.
    expect(explain.blocks).toMatchObject({ prunedByStats: 2, read: 2, skippedAfterFilter: 1 });
  });
});

describe('time-ordered top-k', () => {
  it('newest first: a full top-k from the newest segment skips the older one unopened', async () => {
    const { rows, explain } = await fixture
      .engine()
      .execute({ signal: 'spans', select: ['name'], orderBy: [{ column: 'timestamp', direction: 'desc' }], limit: 3 }, { tenantId: 'acme' });
    expect(rows).toEqual([{ name: 'e' }, { name: 'd' }, { name: 'c' }]);
    expect(explain.segments).toMatchObject({ candidates: 2, skippedByTopK: 1, read: 1 });
    expect(explain.openedSegments).toEqual(['acme/spans/20240501T102000Z-300s']);
  });

  it('oldest first: later segments are skipped once the top-k is full', async () => {
    const { rows, explain } = await fixture
      .engine()
      .execute({ signal: 'spans', select: ['service'], orderBy: [{ column: 'timestamp', direction: 'asc' }], limit: 4 }, { tenantId: 'acme' });
    expect(rows.map((row) => row['service'])).toEqual(['alpha', 'gamma', 'alpha', 'gamma']);
    expect(explain.segments.skippedByTopK).toBe(1);
  });

  it("reads a segment's commits a few at a time in order, skipping those the full top-k rules out", async () => {
    const commitsPerRead = 4;
    const engine = fixture.engine();
    const late = T0 + 40n * MINUTE;
    for (let commit = 0; commit < commitsPerRead + 2; commit++) {
      await fixture.ingest(
        'acme',
        'spans',
        tracesBody(
          spans(
            [
              ['many', `op-${commit}`],
              ['many', `op-${commit}`],
            ],
            late + BigInt(commit) * SECOND * 10n,
            (5 + commit).toString(16),
          ),
        ),
      );
    }
    const { rows, explain } = await engine.execute(
      {
        signal: 'spans',
        filters: [{ column: 'service', op: 'eq', value: 'many' }],
        select: ['name'],
        orderBy: [{ column: 'timestamp', direction: 'desc' }],
        limit: 2,
      },
      { tenantId: 'acme' },
    );
    expect(rows).toEqual([{ name: 'op-5' }, { name: 'op-5' }]);
    // The newest four commits are read together and fill the top-k; the two older ones are skipped.
    expect(explain.blocks).toMatchObject({ read: commitsPerRead, skippedByTopK: 2 });
  });
});
