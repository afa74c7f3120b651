import { expect, it } from 'vitest';
import { CatalogError, InvalidCatalogInputError, UnknownTenantError } from '../errors';
import { describeEachCatalog } from '../test-support/catalog-targets';
import { ShardExistsError, UnknownShardError } from './shard-repository';

describeEachCatalog('shard map and tenant registry', ({ catalog }) => {
  it('adds shards with region, weight and endpoints, drains them, and keeps a drain across a restart’s register', async () => {
    const added = await catalog().shards.add({
      shardId: 11,
      region: 'eu-west-1',
      weight: 2,
      endpoints: { ingestUrl: 'http://127.0.0.1:7001/', queryUrl: 'http://127.0.0.1:7002', lambdaQualifier: 'live' },
    });
    expect(added).toEqual({
      shardId: 11,
      name: 'shard-11',
      region: 'eu-west-1',
      weight: 2,
      state: 'active',
      endpoints: { ingestUrl: 'http://127.0.0.1:7001', queryUrl: 'http://127.0.0.1:7002', lambdaQualifier: 'live' },
    });
    await expect(catalog().shards.add({ shardId: 11 })).rejects.toBeInstanceOf(ShardExistsError);
    expect((await catalog().shards.drain(11)).state).toBe('draining');
    await catalog().shards.register({ shardId: 11, name: 'eu-a' });
    expect((await catalog().shards.listAll()).find((shard) => shard.shardId === 11)).toMatchObject({ name: 'eu-a', state: 'draining', weight: 2 });
    expect((await catalog().shards.setWeight(11, 0.5)).weight).toBe(0.5);
    await expect(catalog().shards.drain(404)).rejects.toBeInstanceOf(UnknownShardError);
  });

  it('refuses bad shard input before it reaches SQL', async () => {
    for (const input of [
      { shardId: -1 },
      { shardId: 12, weight: 0 },
      { shardId: 12, weight: Number.POSITIVE_INFINITY },
      { shardId: 12, region: 'EU West' },
      { shardId: 12, endpoints: { ingestUrl: 'ftp://x' } },
      { shardId: 12, endpoints: { queryUrl: 'not a url' } },
      { shardId: 12, endpoints: { lambdaQualifier: 'a b' } },
    ]) {
      await expect(catalog().shards.add(input), JSON.stringify(input)).rejects.toBeInstanceOf(InvalidCatalogInputError);
    }
  });

  it('records a tenant’s home region and residency, defaulting to the one-region world', async () => {
    expect(await catalog().tenants.create({ tenantId: 'eu-co', homeRegion: 'eu-west-1', residency: 'strict' })).toMatchObject({
      homeRegion: 'eu-west-1',
      residency: 'strict',
      migrationState: 'stable',
      migrationEpoch: 0,
    });
    expect(await catalog().tenants.create({ tenantId: 'plain-co' })).toMatchObject({ homeRegion: 'local', residency: 'permitted' });
    await expect(catalog().tenants.create({ tenantId: 'x-co', residency: 'anywhere' })).rejects.toBeInstanceOf(InvalidCatalogInputError);
    await expect(catalog().tenants.create({ tenantId: 'y-co', homeRegion: '' })).rejects.toBeInstanceOf(InvalidCatalogInputError);
    expect(await catalog().tenants.get('x-co')).toBeUndefined();
  });

  it('pins a tenant once: a second pin, even to another shard, keeps the first', async () => {
    await catalog().shards.add({ shardId: 21, region: 'pin' });
    await catalog().shards.add({ shardId: 22, region: 'pin' });
    await catalog().tenants.create({ tenantId: 'pinned', homeRegion: 'pin' });
    expect(await catalog().shards.placementOf('pinned')).toEqual({
      tenantId: 'pinned',
      homeRegion: 'pin',
      residency: 'permitted',
      migrationState: 'stable',
      migrationEpoch: 0,
      disabled: false,
    });
    const [first, second] = await Promise.all([catalog().shards.pinIfUnpinned('pinned', 21), catalog().shards.pinIfUnpinned('pinned', 22)]);
    expect(second).toBe(first);
    expect(await catalog().shards.pinIfUnpinned('pinned', first === 21 ? 22 : 21)).toBe(first);
    expect((await catalog().shards.assignmentsOf('pinned')).map((a) => [a.shardId, a.state])).toEqual([[first, 'active']]);
    expect((await catalog().shards.placementOf('pinned'))?.shardId).toBe(first);
    expect((await catalog().shards.countTenantsPerShard()).get(first)).toBe(1);
    await expect(catalog().shards.pinIfUnpinned('ghost', 21)).rejects.toBeInstanceOf(UnknownTenantError);
    await expect(catalog().shards.pinIfUnpinned('pinned-not', 99)).rejects.toBeInstanceOf(CatalogError);
  });

  it('reads one tenant’s placement only: another tenant’s shard never shows through', async () => {
    await catalog().shards.add({ shardId: 31, region: 'iso' });
    await catalog().shards.add({ shardId: 32, region: 'iso' });
    await catalog().tenants.create({ tenantId: 'iso-a', homeRegion: 'iso' });
    await catalog().tenants.create({ tenantId: 'iso-b', homeRegion: 'iso' });
    await catalog().shards.pinIfUnpinned('iso-a', 31);
    expect((await catalog().shards.placementOf('iso-b'))?.shardId).toBeUndefined();
    await catalog().shards.pinIfUnpinned('iso-b', 32);
    expect((await catalog().shards.placementOf('iso-a'))?.shardId).toBe(31);
    expect((await catalog().shards.placementOf('iso-b'))?.shardId).toBe(32);
    expect(await catalog().shards.placementOf('iso-c')).toBeUndefined();
    await expect(catalog().shards.placementOf('../etc')).rejects.toBeInstanceOf(InvalidCatalogInputError);
  });
});
