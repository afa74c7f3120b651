import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RowBatchBuilder, rowsOf } from '@prism/contract';
import { datasetDir } from './disk-names';
import { HotStoreWriter } from './hot-store-writer';
import { SegmentReader, openSegmentReader } from './segment-reader';
import { DirectorySegmentFiles, type SegmentFileSource } from './segment/segment-files';
import { SegmentReaderCache } from './segment/segment-reader-cache';

const T0 = 1_700_000_000_000_000_000n;
let root: string;
let writer: HotStoreWriter;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'prism-reader-'));
  writer = new HotStoreWriter({ root });
});

afterEach(async () => {
  await writer.close();
  await rm(root, { recursive: true, force: true });
});

/** One commit of `services.length` rows, one per service, with a unique `id` per row. */
async function commit(services: readonly string[], first: number): Promise<string> {
  const builder = new RowBatchBuilder();
  services.forEach((service, index) => {
    builder.startRow();
    builder.setInt64('timestamp', T0 + BigInt(first + index));
    builder.setString('service', service);
    builder.setString('id', `row-${first + index}`);
  });
  const prepared = await writer.prepareCommit('acme', 'spans', builder.build());
  await prepared.publish();
  return prepared.segments[0].segmentId;
}

/** A file source that counts reads, over a hot segment directory. */
function countingFiles(dir: string): { files: SegmentFileSource; ranges: Array<{ path: string; length: number }> } {
  const inner = new DirectorySegmentFiles(dir);
  const ranges: Array<{ path: string; length: number }> = [];
  return {
    ranges,
    files: {
      locate: (path) => inner.locate(path),
      read: (path) => inner.read(path),
      readRange: (path, offset, length) => {
        ranges.push({ path, length });
        return inner.readRange(path, offset, length);
      },
    },
  };
}

describe('SegmentReader block selection', () => {
  it("reads only the chosen commits, each commit's adjacent blocks in one ranged read", async () => {
    await commit(['a', 'b'], 0);
    await commit(['c', 'c', 'c'], 10);
    const segmentId = await commit(['d'], 20);
    const hot = await openSegmentReader(root, 'acme', 'spans', segmentId);
    const { files, ranges } = countingFiles(join(datasetDir(root, 'acme', 'spans'), segmentId));
    const reader = new SegmentReader(files, hot.manifest);

    const table = await reader.readColumns(['timestamp', 'service', 'id'], { commits: [2] });
    expect(table.batches).toHaveLength(1);
    expect(rowsOf(table).map((row) => row['id'])).toEqual(['row-10', 'row-11', 'row-12']);
    // Three small adjacent blocks of commit 2: one read, none of commits 1 and 3.
    expect(ranges).toHaveLength(1);
    expect(ranges[0].path).toBe('blocks/000002.blk');

    const two = await reader.readCommits(['id'], [3, 1, 99]);
    expect(rowsOf(two).map((row) => row['id'])).toEqual(['row-0', 'row-1', 'row-20']);
    expect(rowsOf(await reader.readColumns(['id'])).length).toBe(6);
  });

  it('lists distinct values of low-cardinality string blocks, and answers dictionary lookups per block', async () => {
    await commit(['alpha', 'gamma'], 0);
    await commit(['beta', 'beta'], 10);
    const many = Array.from({ length: 100 }, (_, index) => `svc-${index}`);
    const segmentId = await commit(many, 20);
    const reader = await openSegmentReader(root, 'acme', 'spans', segmentId);
    // 'beta' lies between alpha and gamma, so min/max keep commit 1; the listed values do not.
    expect(await reader.dictionaryContains('service', 'beta')).toEqual([false, true, undefined]);
    expect(await reader.dictionaryContains('service', 'alpha')).toEqual([true, false, undefined]);
    expect(await reader.dictionaryContains('nothing', 'alpha')).toEqual([false, false, false]);
    // Stats as callers see them carry no value list.
    const [first] = await reader.blockStats('service');
    expect(first.stats).toEqual({ rowCount: 2, nullCount: 0, distinctCount: 2, min: 'alpha', max: 'gamma' });
  });
});

describe('SegmentReaderCache', () => {
  it('reuses a reader while HEAD stays, and opens a fresh one after a commit', async () => {
    const segmentId = await commit(['a'], 0);
    const readers = new SegmentReaderCache(2);
    const first = await readers.open(root, 'acme', 'spans', segmentId);
    expect(await readers.open(root, 'acme', 'spans', segmentId)).toBe(first);
    await commit(['b'], 1);
    const second = await readers.open(root, 'acme', 'spans', segmentId);
    expect(second).not.toBe(first);
    expect(second.version).toBe(first.version + 1);
    expect(rowsOf(await second.readColumns(['service'])).map((row) => row['service'])).toEqual(['a', 'b']);
  });
});
