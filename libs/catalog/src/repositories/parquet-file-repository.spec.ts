import { beforeAll, expect, it } from 'vitest';
import { CatalogError } from '../errors';
import { describeEachCatalog } from '../test-support/catalog-targets';
import { BASE_NS, segmentUpsert } from '../test-support/segment-fixtures';
import type { ParquetFileRecord } from './parquet-file-repository';

const HOUR_NS = 3_600_000_000_000n;

function fileRecord(objectKey: string, part: number, segmentIds: string[]): ParquetFileRecord {
  return {
    file: {
      objectKey,
      dataset: 'spans',
      shardId: 0,
      hourStartNs: BASE_NS - (BASE_NS % HOUR_NS),
      part,
      bytes: 123_456,
      rowCount: 3,
      minTimestampNs: BASE_NS,
      maxTimestampNs: BASE_NS + 10n,
      formatVersion: 1,
      columns: [
        { name: 'timestamp', type: 'int64' },
        { name: 'span.attr.é', type: 'string' },
      ],
    },
    rowGroups: [
      {
        index: 0,
        rowCount: 2,
        minTimestampNs: BASE_NS,
        maxTimestampNs: BASE_NS + 5n,
        columnChunks: { timestamp: { offset: 4, length: 100 }, 'span.attr.é': { offset: 104, length: 7 } },
        stats: { timestamp: { rowCount: 2, nullCount: 0, distinctCount: 2, min: String(BASE_NS), max: String(BASE_NS + 5n) } },
        blooms: { trace_id: { hash: 'fmix32-v1', filter: { size: 8 } } },
      },
      { index: 1, rowCount: 1, minTimestampNs: BASE_NS + 10n, maxTimestampNs: BASE_NS + 10n, columnChunks: {}, stats: {}, blooms: {} },
    ],
    segmentIds,
  };
}

describeEachCatalog('parquet files and row groups', ({ catalog }) => {
  beforeAll(async () => {
    await catalog().tenants.create({ tenantId: 'acme' });
    await catalog().tenants.create({ tenantId: 'other' });
  });

  it('records a file with its row groups and segments, and moves the segments to parquetized in one transaction', async () => {
    const acme = catalog().forTenant('acme');
    for (const id of ['acme/spans/a', 'acme/spans/b']) {
      await acme.segments.upsert(segmentUpsert(id));
      await acme.segments.transition(id, 'sealing');
      await acme.segments.transition(id, 'sealed');
    }
    const hour = BASE_NS - (BASE_NS % HOUR_NS);
    expect(await acme.parquetFiles.nextPart('spans', 0, hour)).toBe(1);
    await acme.transaction(async (t) => {
      await t.parquetFiles.record(fileRecord('k/part-001.parquet', 1, ['acme/spans/a', 'acme/spans/b']));
      for (const id of ['acme/spans/a', 'acme/spans/b']) await t.segments.transition(id, 'parquetized');
    });
    expect(await acme.parquetFiles.nextPart('spans', 0, hour)).toBe(2);
    expect((await acme.segments.get('acme/spans/a'))?.state).toBe('parquetized');

    const files = await acme.parquetFiles.forSegments(['acme/spans/b', 'acme/spans/a', 'acme/spans/none']);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ objectKey: 'k/part-001.parquet', part: 1, bytes: 123_456, rowCount: 3, hourStartNs: hour, maxTimestampNs: BASE_NS + 10n });
    expect(files[0].columns).toEqual(fileRecord('k', 1, []).file.columns);
    expect(await acme.parquetFiles.segmentIdsOf('k/part-001.parquet')).toEqual(['acme/spans/a', 'acme/spans/b']);
    const groups = await acme.parquetFiles.rowGroups('k/part-001.parquet');
    expect(groups.map((group) => group.index)).toEqual([0, 1]);
    expect(groups[0]).toEqual({ objectKey: 'k/part-001.parquet', ...fileRecord('k', 1, []).rowGroups[0] });
    expect(groups[1].blooms).toEqual({});
  });

  it('rolls the file back when the segment move fails', async () => {
    const acme = catalog().forTenant('acme');
    await acme.segments.upsert(segmentUpsert('acme/spans/open'));
    await expect(
      acme.transaction(async (t) => {
        await t.parquetFiles.record(fileRecord('k/part-009.parquet', 9, ['acme/spans/open']));
        await t.segments.transition('acme/spans/open', 'parquetized');
      }),
    ).rejects.toBeInstanceOf(CatalogError);
    expect(await acme.parquetFiles.forSegments(['acme/spans/open'])).toEqual([]);
  });

  it('keeps files to their tenant', async () => {
    const other = catalog().forTenant('other');
    expect(await other.parquetFiles.forSegments(['acme/spans/a'])).toEqual([]);
    expect(await other.parquetFiles.rowGroups('k/part-001.parquet')).toEqual([]);
    await expect(other.parquetFiles.record(fileRecord('k/other.parquet', 1, ['acme/spans/a']))).rejects.toBeInstanceOf(CatalogError);
  });
});

describeEachCatalog('parquet files past retention', ({ catalog }) => {
  const hour = BASE_NS - (BASE_NS % HOUR_NS);
  /** A file of `dataset` in the hour `hours` after the base hour, holding the given segments. */
  const fileIn = (key: string, hours: bigint, part: number, segmentIds: string[], dataset = 'spans'): ParquetFileRecord => {
    const record = fileRecord(key, part, segmentIds);
    const start = hour + hours * HOUR_NS;
    return {
      ...record,
      file: { ...record.file, dataset, hourStartNs: start, minTimestampNs: start, maxTimestampNs: start + 10n },
      rowGroups: record.rowGroups.map((group) => ({ ...group, minTimestampNs: start, maxTimestampNs: start + 10n })),
    };
  };

  beforeAll(async () => {
    await catalog().tenants.create({ tenantId: 'acme' });
    await catalog().tenants.create({ tenantId: 'other' });
    const acme = catalog().forTenant('acme');
    for (const [id, hours] of [
      ['acme/spans/h0', 0n],
      ['acme/spans/h0~2', 0n],
      ['acme/spans/h1', 1n],
    ] as const) {
      await acme.segments.upsert(segmentUpsert(id, { minTimestampNs: hour + hours * HOUR_NS }));
    }
    await acme.parquetFiles.record(fileIn('acme/h0/part-001.parquet', 0n, 1, ['acme/spans/h0']));
    await acme.parquetFiles.record(fileIn('acme/h0/part-002.parquet', 0n, 2, ['acme/spans/h0~2']));
    await acme.parquetFiles.record(fileIn('acme/h1/part-001.parquet', 1n, 1, ['acme/spans/h1']));
    await acme.parquetFiles.record(fileIn('acme/logs/h0/part-001.parquet', 0n, 1, [], 'logs'));
    await catalog()
      .forTenant('other')
      .parquetFiles.record({ ...fileIn('other/h0/part-001.parquet', 0n, 1, []), segmentIds: [] });
  });

  it('finds the files whose whole hour ended before the cutoff, per dataset and tenant', async () => {
    const acme = catalog().forTenant('acme');
    const keys = async (beforeNs: bigint, dataset = 'spans') => (await acme.parquetFiles.hourEndedBefore(dataset, beforeNs)).map((file) => file.objectKey);
    // The first hour's last nanosecond is hour + HOUR - 1: a cutoff just past it expires that hour only.
    expect(await keys(hour + HOUR_NS - 1n)).toEqual([]);
    expect(await keys(hour + HOUR_NS)).toEqual(['acme/h0/part-001.parquet', 'acme/h0/part-002.parquet']);
    expect(await keys(hour + 2n * HOUR_NS)).toEqual(['acme/h0/part-001.parquet', 'acme/h0/part-002.parquet', 'acme/h1/part-001.parquet']);
    expect(await keys(hour + HOUR_NS, 'logs')).toEqual(['acme/logs/h0/part-001.parquet']);
    expect((await acme.parquetFiles.hourEndedBefore('spans', hour + 2n * HOUR_NS, 1)).map((file) => file.objectKey)).toEqual(['acme/h0/part-001.parquet']);
    expect(await acme.parquetFiles.datasets()).toEqual(['logs', 'spans']);
    expect(
      (
        await catalog()
          .forTenant('other')
          .parquetFiles.hourEndedBefore('spans', hour + 2n * HOUR_NS)
      ).map((file) => file.objectKey),
    ).toEqual(['other/h0/part-001.parquet']);
  });

  it('removes files with their row groups and segment links, keeps the segments, and leaves other tenants alone', async () => {
    const acme = catalog().forTenant('acme');
    // Another tenant cannot remove acme's files.
    expect(await catalog().forTenant('other').parquetFiles.remove(['acme/h0/part-001.parquet'])).toBe(0);
    expect(await acme.parquetFiles.rowGroups('acme/h0/part-001.parquet')).toHaveLength(2);

    expect(await acme.parquetFiles.remove(['acme/h0/part-001.parquet', 'acme/h0/part-002.parquet', 'acme/h0/part-002.parquet'])).toBe(2);
    expect(await acme.parquetFiles.rowGroups('acme/h0/part-001.parquet')).toEqual([]);
    expect(await acme.parquetFiles.segmentIdsOf('acme/h0/part-002.parquet')).toEqual([]);
    expect(await acme.parquetFiles.forSegments(['acme/spans/h0', 'acme/spans/h0~2', 'acme/spans/h1'])).toMatchObject([
      { objectKey: 'acme/h1/part-001.parquet' },
    ]);
    expect(await acme.segments.get('acme/spans/h0')).toBeDefined();
    expect((await acme.parquetFiles.hourEndedBefore('spans', hour + 2n * HOUR_NS)).map((file) => file.objectKey)).toEqual(['acme/h1/part-001.parquet']);
    // Repeating a remove (a retention pass resumed after a crash) is a no-op.
    expect(await acme.parquetFiles.remove(['acme/h0/part-001.parquet'])).toBe(0);
    expect(await catalog().forTenant('other').parquetFiles.rowGroups('other/h0/part-001.parquet')).toHaveLength(2);
  });
});
