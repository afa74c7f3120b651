import { beforeAll, expect, it } from 'vitest';
import { CatalogError, InvalidCatalogInputError, InvalidSegmentTransitionError, UnknownTenantError } from '../errors';
import { describeEachCatalog } from '../test-support/catalog-targets';
import { BASE_NS, segmentUpsert, traceId, traceIdHex } from '../test-support/segment-fixtures';

describeEachCatalog('segments, block stats and trace hints', ({ catalog, clock }) => {
  beforeAll(async () => {
    await catalog().tenants.create({ tenantId: 'acme' });
    await catalog().tenants.create({ tenantId: 'other' });
  });

  it('round-trips int8 nanosecond timestamps exactly, at the edges of int64', async () => {
    const segments = catalog().forTenant('acme').segments;
    const max = 2n ** 63n - 1n;
    await segments.upsert(segmentUpsert('seg-ns', { minTimestampNs: BASE_NS, maxTimestampNs: BASE_NS + 1n }));
    await segments.upsert(segmentUpsert('seg-edge', { minTimestampNs: -(2n ** 63n), maxTimestampNs: max }));
    const ns = await segments.get('seg-ns');
    expect(ns?.minTimestampNs).toBe(1_735_689_600_123_456_789n);
    expect(ns?.maxTimestampNs).toBe(1_735_689_600_123_456_790n);
    const edge = await segments.get('seg-edge');
    expect([edge?.minTimestampNs, edge?.maxTimestampNs]).toEqual([-(2n ** 63n), max]);
    await expect(segments.upsert(segmentUpsert('seg-overflow', { maxTimestampNs: 2n ** 63n }))).rejects.toBeInstanceOf(InvalidCatalogInputError);
  });

  it('upserts by segment id and guards state transitions', async () => {
    const segments = catalog().forTenant('acme').segments;
    const created = await segments.upsert(segmentUpsert('seg-life'));
    expect(created).toMatchObject({ tenantId: 'acme', state: 'open', rowCount: 10, bytes: 4096 });
    clock.advance(1000);
    const grown = await segments.upsert(segmentUpsert('seg-life', { rowCount: 25, bytes: 9000, manifestVersion: 2 }));
    expect(grown).toMatchObject({ rowCount: 25, bytes: 9000, manifestVersion: 2 });
    expect(grown.updatedAt.getTime() - grown.createdAt.getTime()).toBe(1000);

    await expect(segments.upsert(segmentUpsert('seg-life', { state: 'sealed', manifestVersion: 2 }))).rejects.toBeInstanceOf(InvalidSegmentTransitionError);
    await expect(segments.upsert(segmentUpsert('seg-life', { manifestVersion: 1 }))).rejects.toBeInstanceOf(CatalogError);
    expect((await segments.transition('seg-life', 'sealing')).state).toBe('sealing');
    await expect(segments.transition('seg-life', 'open')).rejects.toMatchObject({
      name: 'InvalidSegmentTransitionError',
      from: 'sealing',
      to: 'open',
    });
    await segments.transition('seg-life', 'sealed');
    await segments.transition('seg-life', 'parquetized');
    await expect(segments.transition('seg-life', 'sealed')).rejects.toBeInstanceOf(InvalidSegmentTransitionError);
    await expect(segments.transition('no-such-segment', 'sealing')).rejects.toBeInstanceOf(InvalidCatalogInputError);
    expect((await segments.inState('parquetized')).map((s) => s.segmentId)).toEqual(['seg-life']);
  });

  it("refuses writes for unknown tenants and to another tenant's segment id", async () => {
    await expect(catalog().forTenant('ghost').segments.upsert(segmentUpsert('seg-ghost'))).rejects.toBeInstanceOf(UnknownTenantError);
    await catalog().forTenant('other').segments.upsert(segmentUpsert('seg-taken'));
    await expect(catalog().forTenant('acme').segments.upsert(segmentUpsert('seg-taken'))).rejects.toBeInstanceOf(CatalogError);
    expect(await catalog().forTenant('acme').segments.get('seg-taken')).toBeUndefined();
  });

  it('finds segments overlapping a time range, inclusive, per dataset and state', async () => {
    const segments = catalog().forTenant('acme').segments;
    const at = (offset: bigint) => BASE_NS + 10n ** 15n + offset;
    await segments.upsert(segmentUpsert('range-a', { dataset: 'logs', minTimestampNs: at(0n), maxTimestampNs: at(99n) }));
    await segments.upsert(segmentUpsert('range-b', { dataset: 'logs', minTimestampNs: at(100n), maxTimestampNs: at(199n) }));
    await segments.upsert(segmentUpsert('range-c', { dataset: 'logs', minTimestampNs: at(200n), maxTimestampNs: at(299n) }));
    await segments.upsert(segmentUpsert('range-other', { dataset: 'metrics', minTimestampNs: at(0n), maxTimestampNs: at(299n) }));
    await segments.transition('range-c', 'sealing');
    const ids = async (fromNs: bigint, toNs: bigint, states?: ('open' | 'sealing')[]) =>
      (await segments.overlapping({ dataset: 'logs', fromNs, toNs, ...(states ? { states } : {}) })).map((s) => s.segmentId);
    expect(await ids(at(99n), at(100n))).toEqual(['range-a', 'range-b']);
    expect(await ids(at(150n), at(1000n))).toEqual(['range-b', 'range-c']);
    expect(await ids(at(150n), at(1000n), ['open'])).toEqual(['range-b']);
    expect(await ids(at(300n), at(400n))).toEqual([]);
    expect(await ids(at(0n), at(300n), [])).toEqual([]);
  });

  it('adds trace hints in bulk and finds the segments of a trace', async () => {
    const tenant = catalog().forTenant('acme');
    await tenant.segments.upsert(segmentUpsert('seg-t1'));
    await tenant.segments.upsert(segmentUpsert('seg-t2', { minTimestampNs: BASE_NS + 1n }));
    const many = Array.from({ length: 6000 }, (_, i) => {
      const id = new Uint8Array(16);
      new DataView(id.buffer).setUint32(12, i + 1000);
      return id;
    });
    await tenant.traceHints.add('seg-t1', [traceIdHex(7), traceIdHex(7), ...many.map((id) => Buffer.from(id).toString('hex'))]);
    await tenant.traceHints.add('seg-t2', [traceIdHex(7)]);
    await tenant.traceHints.add('seg-t2', [traceIdHex(7)]);
    expect(await tenant.traceHints.segmentIdsFor(traceId(7))).toEqual(['seg-t1', 'seg-t2']);
    expect(await tenant.traceHints.segmentIdsFor(many[5999] as Uint8Array)).toEqual(['seg-t1']);
    expect((await tenant.segments.forTrace(traceId(7))).map((s) => s.segmentId)).toEqual(['seg-t1', 'seg-t2']);
    expect(await tenant.segments.forTrace(traceId(8))).toEqual([]);
    await expect(tenant.traceHints.add('seg-t1', ['00'.repeat(8)])).rejects.toBeInstanceOf(InvalidCatalogInputError);
    // One form only: lower-case hex of 16 bytes (what storage's stats keys are), nothing converted.
    await expect(tenant.traceHints.add('seg-t1', [traceIdHex(10).toUpperCase()])).rejects.toBeInstanceOf(InvalidCatalogInputError);
    await expect(tenant.traceHints.add('seg-t1', ['zz'.repeat(16)])).rejects.toBeInstanceOf(InvalidCatalogInputError);
  });

  it('refuses hints for a segment it never recorded, and removes a segment with its hints', async () => {
    const tenant = catalog().forTenant('acme');
    await expect(tenant.traceHints.add('seg-never', [traceIdHex(21)])).rejects.toThrow(/not recorded/);
    await tenant.segments.upsert(segmentUpsert('seg-t3'));
    // Another tenant cannot hint acme's segment: it cannot see it.
    await expect(
      catalog()
        .forTenant('other')
        .traceHints.add('seg-t3', [traceIdHex(21)]),
    ).rejects.toBeInstanceOf(CatalogError);
    await tenant.segments.upsert(segmentUpsert('seg-t4'));
    await tenant.traceHints.add('seg-t3', [traceIdHex(21), traceIdHex(22)]);
    await tenant.traceHints.add('seg-t4', [traceIdHex(21)]);
    expect(await tenant.segments.remove(['seg-t3'])).toBe(1);
    expect(await tenant.traceHints.segmentIdsFor(traceId(21))).toEqual(['seg-t4']);
    expect(await tenant.traceHints.segmentIdsFor(traceId(22))).toEqual([]);
  });
});
