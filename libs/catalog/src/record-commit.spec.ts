import { beforeAll, expect, it } from 'vitest';
import { InvalidSegmentTransitionError } from './errors';
import { describeEachCatalog } from './test-support/catalog-targets';
import { segmentUpsert, traceId, traceIdHex } from './test-support/segment-fixtures';

describeEachCatalog('recordCommit and tenant transactions', ({ catalog }) => {
  beforeAll(async () => {
    await catalog().tenants.create({ tenantId: 'acme' });
  });

  it('records segment, trace hints and the idempotency result together', async () => {
    const tenant = catalog().forTenant('acme');
    expect(await tenant.idempotencyKeys.claim({ key: 'batch-1', digest: 'd1', ttlMs: 60_000 })).toEqual({ status: 'new' });
    const segment = await tenant.recordCommit({
      segment: segmentUpsert('commit-1', { rowCount: 2 }),
      traceIds: [traceIdHex(1), traceIdHex(2)],
      idempotency: { key: 'batch-1', result: { accepted: 2 } },
    });
    expect(segment).toMatchObject({ segmentId: 'commit-1', tenantId: 'acme', rowCount: 2 });
    expect(await tenant.traceHints.segmentIdsFor(traceId(2))).toEqual(['commit-1']);
    expect(await tenant.idempotencyKeys.claim({ key: 'batch-1', digest: 'd1', ttlMs: 60_000 })).toEqual({
      status: 'duplicate',
      result: { accepted: 2 },
    });
  });

  it('leaves nothing behind when any part of the commit fails', async () => {
    const tenant = catalog().forTenant('acme');
    // The idempotency key was never claimed, so completing it fails after everything else was written.
    await expect(
      tenant.recordCommit({
        segment: segmentUpsert('commit-rolled-back'),
        traceIds: [traceIdHex(9)],
        idempotency: { key: 'never-claimed', result: null },
      }),
    ).rejects.toThrow(/not claimed/);
    expect(await tenant.segments.get('commit-rolled-back')).toBeUndefined();
    expect(await tenant.traceHints.segmentIdsFor(traceId(9))).toEqual([]);
  });

  it('rolls back a grouped transaction, including an earlier segment update', async () => {
    const tenant = catalog().forTenant('acme');
    await tenant.segments.upsert(segmentUpsert('grouped'));
    await expect(
      tenant.transaction(async (t) => {
        await t.segments.upsert(segmentUpsert('grouped', { rowCount: 99, manifestVersion: 2 }));
        await t.traceHints.add('grouped', [traceIdHex(5)]);
        await t.segments.upsert(segmentUpsert('grouped', { state: 'parquetized', manifestVersion: 3 }));
      }),
    ).rejects.toBeInstanceOf(InvalidSegmentTransitionError);
    expect((await tenant.segments.get('grouped'))?.rowCount).toBe(10);
    expect(await tenant.traceHints.segmentIdsFor(traceId(5))).toEqual([]);

    const committed = await tenant.transaction(async (t) => {
      await t.segments.upsert(segmentUpsert('grouped', { rowCount: 11, manifestVersion: 2 }));
      await t.traceHints.add('grouped', [traceIdHex(5)]);
      return t.segments.get('grouped');
    });
    expect(committed?.rowCount).toBe(11);
    expect(await tenant.segments.forTrace(traceId(5))).toHaveLength(1);
  });
});
