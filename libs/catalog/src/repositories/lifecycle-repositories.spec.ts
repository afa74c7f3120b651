import { beforeAll, expect, it } from 'vitest';
import { InvalidCatalogInputError, InvalidSegmentTransitionError, UnknownTenantError } from '../errors';
import { describeEachCatalog } from '../test-support/catalog-targets';
import { BASE_NS, segmentUpsert, traceId, traceIdHex } from '../test-support/segment-fixtures';
import { ALL_DATASETS } from './retention-policy-repository';

describeEachCatalog('lifecycle: sealed prefixes, retention candidates, dead letters, retention policies', ({ catalog, clock }) => {
  beforeAll(async () => {
    await catalog().tenants.create({ tenantId: 'acme' });
    await catalog().tenants.create({ tenantId: 'other' });
  });

  it('marks a sealing segment sealed with its object prefix, idempotently, and only from sealing', async () => {
    const segments = catalog().forTenant('acme').segments;
    await segments.upsert(segmentUpsert('acme/spans/seal-me'));
    await expect(segments.markSealed('acme/spans/seal-me', 'p/1')).rejects.toBeInstanceOf(InvalidSegmentTransitionError);
    await segments.transition('acme/spans/seal-me', 'sealing');
    expect(await segments.get('acme/spans/seal-me')).not.toHaveProperty('objectPrefix');
    const sealed = await segments.markSealed('acme/spans/seal-me', 'p/1');
    expect(sealed).toMatchObject({ state: 'sealed', objectPrefix: 'p/1' });
    clock.advance(1000);
    expect((await segments.markSealed('acme/spans/seal-me', 'p/1')).updatedAt).toEqual(sealed.updatedAt);
    await expect(segments.markSealed('acme/spans/seal-me', 'p/2')).rejects.toBeInstanceOf(InvalidSegmentTransitionError);
    await expect(segments.markSealed('acme/spans/none', 'p/1')).rejects.toBeInstanceOf(InvalidCatalogInputError);
    expect((await segments.get('acme/spans/seal-me'))?.objectPrefix).toBe('p/1');
  });

  it('lists segments ending before a cutoff per dataset and removes them with their stats and hints', async () => {
    const acme = catalog().forTenant('acme');
    const hour = 3_600_000_000_000n;
    await acme.segments.upsert(segmentUpsert('acme/logs/old', { dataset: 'logs', minTimestampNs: BASE_NS, maxTimestampNs: BASE_NS + hour }));
    await acme.segments.upsert(segmentUpsert('acme/logs/new', { dataset: 'logs', minTimestampNs: BASE_NS + 5n * hour, maxTimestampNs: BASE_NS + 6n * hour }));
    await catalog()
      .forTenant('other')
      .segments.upsert(segmentUpsert('other/logs/old', { dataset: 'logs', minTimestampNs: BASE_NS, maxTimestampNs: BASE_NS + hour }));
    await acme.traceHints.add('acme/logs/old', [traceIdHex(7)]);
    expect(await acme.segments.datasets()).toEqual(['logs', 'spans']);
    const expired = await acme.segments.endingBefore('logs', BASE_NS + 2n * hour);
    expect(expired.map((segment) => segment.segmentId)).toEqual(['acme/logs/old']);
    expect(await acme.segments.remove(['acme/logs/old', 'other/logs/old', 'acme/logs/missing'])).toBe(1);
    expect(await acme.segments.get('acme/logs/old')).toBeUndefined();
    expect(await acme.segments.forTrace(traceId(7))).toEqual([]);
    expect(await catalog().forTenant('other').segments.get('other/logs/old')).toBeDefined();
    expect(await acme.segments.remove([])).toBe(0);
  });

  it('stores dead letters, lists pending ones oldest first, and marks replays', async () => {
    const letters = catalog().deadLetters;
    const event = { type: 'segment.sealed', tenantId: 'acme', dataset: 'spans', segmentId: 's1', at: '2025-01-01T00:00:00.000Z', n: 1 };
    const first = await letters.add({ tenantId: 'acme', eventType: 'segment.sealed', event, handler: 'notify', error: 'boom', attempts: 5 });
    clock.advance(10);
    const second = await letters.add({ eventType: 'segment.expired', event: { type: 'segment.expired' }, handler: 'audit', error: 'x', attempts: 3 });
    expect(first).toMatchObject({ tenantId: 'acme', event, handler: 'notify', attempts: 5 });
    expect(second).not.toHaveProperty('tenantId');
    expect((await letters.list()).map((letter) => letter.id)).toEqual([first.id, second.id]);
    await letters.recordFailedReplay(first.id, 'still broken', 2);
    expect(await letters.get(first.id)).toMatchObject({ error: 'still broken', attempts: 7 });
    expect(await letters.markReplayed(first.id)).toBe(true);
    expect(await letters.markReplayed('no-such-id')).toBe(false);
    expect((await letters.list()).map((letter) => letter.id)).toEqual([second.id]);
    expect((await letters.list({ includeReplayed: true })).find((letter) => letter.id === first.id)?.replayedAt).toBeInstanceOf(Date);
  });

  it('resolves retention days: dataset policy, then the tenant default, then the fallback', async () => {
    const policies = catalog().retentionPolicies;
    expect(await policies.daysFor('acme', 'logs', 30)).toBe(30);
    await policies.set({ tenantId: 'acme', dataset: ALL_DATASETS, days: 14 });
    expect(await policies.daysFor('acme', 'logs', 30)).toBe(14);
    await policies.set({ tenantId: 'acme', dataset: 'logs', days: 7 });
    await policies.set({ tenantId: 'acme', dataset: 'logs', days: 3 });
    expect(await policies.daysFor('acme', 'logs', 30)).toBe(3);
    expect(await policies.daysFor('acme', 'spans', 30)).toBe(14);
    expect(await policies.daysFor('other', 'logs', 30)).toBe(30);
    expect((await policies.list()).map((policy) => `${policy.tenantId}/${policy.dataset}=${policy.days}`)).toEqual(['acme/*=14', 'acme/logs=3']);
    await expect(policies.set({ tenantId: 'acme', dataset: 'logs', days: 0 })).rejects.toBeInstanceOf(InvalidCatalogInputError);
    await expect(policies.set({ tenantId: 'ghost', dataset: 'logs', days: 1 })).rejects.toBeInstanceOf(UnknownTenantError);
    expect(await policies.remove('acme', 'logs')).toBe(true);
    expect(await policies.remove('acme', 'logs')).toBe(false);
    expect(await policies.daysFor('acme', 'logs', 30)).toBe(14);
  });
});
