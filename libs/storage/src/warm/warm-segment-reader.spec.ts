import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { datasetDir } from '../disk-names';
import { HotStoreWriter } from '../hot-store-writer';
import { FilesystemObjectStore, defaultFilesystemObjectStoreOptions } from '../object-store/filesystem/filesystem-object-store';
import type { ObjectStore } from '../object-store/object-store';
import { openSegmentReader } from '../segment-reader';
import { BASE_NS, spanBatch } from '../test-support/span-batches';
import { sealedSegmentPrefix, spreadHashOf } from './sealed-segment-key';
import { SEALED_MARKER } from './sealed-marker';
import { SegmentNotSealedError, openWarmSegmentReader } from './warm-segment-reader';
import { uploadSealedSegment } from './warm-segment-upload';

let dir: string;
let writer: HotStoreWriter;
let store: ObjectStore;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'prism-warm-'));
  writer = new HotStoreWriter({ root: join(dir, 'hot') });
  store = new FilesystemObjectStore(defaultFilesystemObjectStoreOptions(join(dir, 'objects')));
});

afterEach(async () => {
  await writer.close();
  await rm(dir, { recursive: true, force: true });
});

/** A store that records every ranged and whole read. */
function recording(inner: ObjectStore) {
  const ranges: Array<{ key: string; offset: number; length: number }> = [];
  const gets: string[] = [];
  const reader = {
    get: (key: string) => (gets.push(key), inner.get(key)),
    getRange: (key: string, offset: number, length: number) => (ranges.push({ key, offset, length }), inner.getRange(key, offset, length)),
  };
  return { reader, ranges, gets };
}

async function sealedCopy(commits: number) {
  let segmentId = '';
  for (let i = 0; i < commits; i++) {
    const prepared = await writer.prepareCommit('acme', 'spans', spanBatch(200, { seed: i + 1, startNs: BASE_NS + BigInt(i) * 1_000_000_000n }));
    await prepared.publish();
    segmentId = prepared.segments[0].segmentId;
  }
  const hot = await openSegmentReader(join(dir, 'hot'), 'acme', 'spans', segmentId);
  const prefix = sealedSegmentPrefix({ shardId: 2, tenantId: 'acme', dataset: 'spans', segmentId });
  const marker = await uploadSealedSegment(store, join(datasetDir(join(dir, 'hot'), 'acme', 'spans'), segmentId), prefix, hot.manifest);
  return { hot, prefix, marker, segmentId };
}

describe('warm segment reader', () => {
  it('builds the documented prefix with a stable spreading hash', () => {
    const prefix = sealedSegmentPrefix({ shardId: 3, tenantId: 'acme', dataset: 'logs', segmentId: '20231114T221000Z-300s~2' });
    expect(prefix).toBe(`shard=3/tenants/acme/datasets/logs/seg/p=${spreadHashOf('acme', 'logs', '20231114T221000Z-300s~2')}/20231114T221000Z-300s~2`);
    expect(spreadHashOf('acme', 'logs', 'x')).toMatch(/^[0-9a-f]{4}$/);
    expect(spreadHashOf('acme', 'logs', 'x')).not.toBe(spreadHashOf('acme', 'logs', 'y'));
  });

  it('reads a sealed copy exactly as the hot reader reads the hot segment', async () => {
    const { hot, prefix, marker } = await sealedCopy(3);
    expect(marker.manifestVersion).toBe(3);
    expect(marker.rowCount).toBe(600);
    const warm = await openWarmSegmentReader(store, prefix);
    expect(warm.rowCount).toBe(600);
    expect(warm.columns()).toEqual(hot.columns());
    const [hotTable, warmTable] = await Promise.all([hot.readColumns(), warm.readColumns()]);
    expect(warmTable.numRows).toBe(600);
    expect(warmTable.toArray().map((row) => row.toJSON())).toEqual(hotTable.toArray().map((row) => row.toJSON()));
    expect(await warm.blockStats('timestamp')).toEqual(await hot.blockStats('timestamp'));
    const traceId = hotTable.getChild('trace_id')?.get(0) as Uint8Array;
    expect(await warm.mightContain('trace_id', traceId)).toEqual(await hot.mightContain('trace_id', traceId));
    expect((await warm.mightContain('trace_id', traceId))[0]).toBe(true);
  });

  it('reads only the wanted columns, by ranged gets of the commit block files', async () => {
    const { hot, prefix } = await sealedCopy(2);
    const { reader, ranges, gets } = recording(store);
    const warm = await openWarmSegmentReader(reader, prefix);
    const table = await warm.readColumns(['timestamp', 'name']);
    expect(table.schema.fields.map((field) => field.name)).toEqual(['timestamp', 'name']);
    expect(ranges).toHaveLength(4); // 2 columns × 2 commits
    expect(ranges.every((range) => /\/blocks\/00000[12]\.blk$/.test(range.key))).toBe(true);
    expect(gets.some((key) => key.endsWith('.blk'))).toBe(false);
    const blockBytes = hot.manifest.commits.reduce((sum, commit) => sum + (commit.blockLengths ?? []).reduce((a, b) => a + b, 0), 0);
    expect(ranges.reduce((sum, range) => sum + range.length, 0)).toBeLessThan(blockBytes / 4);
  });

  it('refuses a prefix without the _SEALED marker, and re-uploading a sealed copy changes nothing', async () => {
    const { hot, prefix, marker, segmentId } = await sealedCopy(1);
    await expect(openWarmSegmentReader(store, 'shard=2/tenants/acme/datasets/spans/seg/p=0000/nothing')).rejects.toBeInstanceOf(SegmentNotSealedError);
    const again = await uploadSealedSegment(store, join(datasetDir(join(dir, 'hot'), 'acme', 'spans'), segmentId), prefix, hot.manifest);
    expect(again).toEqual(marker);
    const listed = await store.list(prefix + '/');
    expect(listed.keys.map((entry) => entry.key.slice(prefix.length + 1)).sort()).toEqual([SEALED_MARKER, ...marker.files.map((file) => file.path)].sort());
  });
});
