import { beforeAll, expect, it } from 'vitest';
import { InvalidCatalogInputError } from '../errors';
import { describeEachCatalog } from '../test-support/catalog-targets';

describeEachCatalog('idempotency claims with a pending commit', ({ catalog, clock }) => {
  beforeAll(async () => {
    await catalog().tenants.create({ tenantId: 'acme' });
  });
  const pending = (rows: number) => ({ response: { acceptedRecords: rows }, commit: [{ segment: 's1', version: rows }] });

  it('claims several keys in one call, reporting each key by itself', async () => {
    const keys = catalog().forTenant('acme').idempotencyKeys;
    await keys.claim({ key: 'done', digest: 'd', ttlMs: 60_000 });
    await keys.complete('done', { acceptedRecords: 1 });
    await keys.claim({ key: 'held', digest: 'h', ttlMs: 60_000 });
    const outcomes = await keys.claimAll([
      { key: 'fresh-a', digest: 'a', ttlMs: 60_000, pending: pending(2) },
      { key: 'done', digest: 'd', ttlMs: 60_000 },
      { key: 'held', digest: 'h', ttlMs: 60_000 },
    ]);
    expect(outcomes).toEqual([{ status: 'new' }, { status: 'duplicate', result: { acceptedRecords: 1 } }, { status: 'in-progress' }]);
    await expect(
      keys.claimAll([
        { key: 'twice', digest: 'a', ttlMs: 1 },
        { key: 'twice', digest: 'a', ttlMs: 1 },
      ]),
    ).rejects.toBeInstanceOf(InvalidCatalogInputError);
  });

  it('hands the recorded commit to a retry that finds the claim pending, and completes it with the recorded response', async () => {
    const keys = catalog().forTenant('acme').idempotencyKeys;
    const claim = { key: 'recorded', digest: 'r', ttlMs: 60_000, claimLeaseMs: 10_000 };
    expect(await keys.claimAll([{ ...claim, pending: pending(3) }])).toEqual([{ status: 'new' }]);
    expect(await keys.claim(claim)).toEqual({ status: 'in-progress', pending: pending(3) });
    expect(await keys.completeRecorded(['recorded', 'unknown'])).toBe(1);
    expect(await keys.completeRecorded(['recorded'])).toBe(0);
    expect(await keys.claim(claim)).toEqual({ status: 'duplicate', result: { acceptedRecords: 3 } });
  });

  it('gives the taker of a stale claim what the dead holder recorded', async () => {
    const keys = catalog().forTenant('acme').idempotencyKeys;
    const claim = { key: 'stale-recorded', digest: 's', ttlMs: 86_400_000, claimLeaseMs: 1000 };
    await keys.claimAll([{ ...claim, pending: pending(4) }]);
    clock.advance(1001);
    expect(await keys.claimAll([{ ...claim, pending: pending(5) }])).toEqual([{ status: 'new', takenOver: pending(4) }]);
    // The takeover recorded its own pending commit in place of the dead holder's.
    expect(await keys.claim(claim)).toEqual({ status: 'in-progress', pending: pending(5) });
    await keys.releaseAll([claim.key]);
    expect(await keys.claim(claim)).toEqual({ status: 'new' });
  });
});
