import { beforeAll, expect, it } from 'vitest';
import { CatalogError, InvalidCatalogInputError, UnknownTenantError } from '../errors';
import { describeEachCatalog } from '../test-support/catalog-targets';

describeEachCatalog('idempotency keys', ({ catalog, clock }) => {
  beforeAll(async () => {
    await catalog().tenants.create({ tenantId: 'acme' });
    await catalog().tenants.create({ tenantId: 'other' });
  });

  it('acknowledges a retried request with the stored result', async () => {
    const keys = catalog().forTenant('acme').idempotencyKeys;
    expect(await keys.claim({ key: 'req-1', digest: 'sha-1', ttlMs: 60_000 })).toEqual({ status: 'new' });
    expect(await keys.claim({ key: 'req-1', digest: 'sha-1', ttlMs: 60_000 })).toEqual({ status: 'in-progress' });
    await keys.complete('req-1', { accepted: 3, rejected: [] });
    expect(await keys.claim({ key: 'req-1', digest: 'sha-1', ttlMs: 60_000 })).toEqual({
      status: 'duplicate',
      result: { accepted: 3, rejected: [] },
    });
    expect(await keys.claim({ key: 'req-1', digest: 'sha-2', ttlMs: 60_000 })).toEqual({ status: 'mismatch' });
    await expect(keys.complete('req-1', null)).rejects.toBeInstanceOf(CatalogError);
  });

  it('keeps keys per tenant', async () => {
    await catalog().forTenant('acme').idempotencyKeys.claim({ key: 'shared', digest: 'x', ttlMs: 60_000 });
    expect(await catalog().forTenant('other').idempotencyKeys.claim({ key: 'shared', digest: 'y', ttlMs: 60_000 })).toEqual({
      status: 'new',
    });
  });

  it('lets a key be claimed again once it expires or is released, and purges expired keys', async () => {
    const keys = catalog().forTenant('acme').idempotencyKeys;
    await keys.claim({ key: 'req-exp', digest: 'a', ttlMs: 1000 });
    await keys.complete('req-exp', 'done');
    clock.advance(999);
    expect((await keys.claim({ key: 'req-exp', digest: 'a', ttlMs: 1000 })).status).toBe('duplicate');
    clock.advance(1);
    expect(await keys.claim({ key: 'req-exp', digest: 'b', ttlMs: 1000 })).toEqual({ status: 'new' });

    await keys.claim({ key: 'req-rel', digest: 'a', ttlMs: 60_000 });
    await keys.release('req-rel');
    expect(await keys.claim({ key: 'req-rel', digest: 'a', ttlMs: 60_000 })).toEqual({ status: 'new' });

    clock.advance(3_600_000);
    expect(await catalog().purgeExpiredIdempotencyKeys()).toBeGreaterThanOrEqual(3);
    expect(await keys.claim({ key: 'req-1', digest: 'other-digest', ttlMs: 1000 })).toEqual({ status: 'new' });
  });

  it('lets exactly one of two concurrent claims of one key win', async () => {
    for (let round = 0; round < 5; round += 1) {
      const claim = () =>
        catalog()
          .forTenant('acme')
          .idempotencyKeys.claim({ key: `race-${round}`, digest: 'd', ttlMs: 60_000 });
      const outcomes = await Promise.all([claim(), claim()]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(['in-progress', 'new']);
    }
  });

  it('lets a retry take over a pending claim once its lease ran out, and not before', async () => {
    const keys = catalog().forTenant('acme').idempotencyKeys;
    const claim = { key: 'crashed-1', digest: 'body-1', ttlMs: 86_400_000, claimLeaseMs: 60_000 };
    expect(await keys.claim(claim)).toEqual({ status: 'new' });
    clock.advance(60_000);
    expect(await keys.claim(claim)).toEqual({ status: 'in-progress' });
    expect(await keys.claim({ ...claim, claimLeaseMs: undefined })).toEqual({ status: 'in-progress' });
    clock.advance(1);
    expect(await keys.claim({ ...claim, digest: 'body-2' })).toEqual({ status: 'mismatch' });
    expect(await keys.claim(claim)).toEqual({ status: 'new' });
    // The takeover is a fresh claim: it holds the key for a whole lease again.
    clock.advance(30_000);
    expect(await keys.claim(claim)).toEqual({ status: 'in-progress' });
    await keys.complete(claim.key, { accepted: 1 });
    clock.advance(120_000);
    expect(await keys.claim(claim)).toEqual({ status: 'duplicate', result: { accepted: 1 } });
  });

  it('lets exactly one of two concurrent takeovers of a stale claim win', async () => {
    for (let round = 0; round < 5; round += 1) {
      const claim = { key: `stale-race-${round}`, digest: 'd', ttlMs: 86_400_000, claimLeaseMs: 1000 };
      const keys = () => catalog().forTenant('acme').idempotencyKeys;
      expect(await keys().claim(claim)).toEqual({ status: 'new' });
      clock.advance(1001);
      const outcomes = await Promise.all([keys().claim(claim), keys().claim(claim)]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(['in-progress', 'new']);
    }
  });

  it('rejects bad input and unknown tenants', async () => {
    await expect(catalog().forTenant('acme').idempotencyKeys.claim({ key: 'k', digest: 'd', ttlMs: 0 })).rejects.toBeInstanceOf(InvalidCatalogInputError);
    await expect(catalog().forTenant('acme').idempotencyKeys.claim({ key: 'k', digest: 'd', ttlMs: 1, claimLeaseMs: -1 })).rejects.toBeInstanceOf(
      InvalidCatalogInputError,
    );
    await expect(catalog().forTenant('ghost').idempotencyKeys.claim({ key: 'k', digest: 'd', ttlMs: 1 })).rejects.toBeInstanceOf(UnknownTenantError);
  });
});
