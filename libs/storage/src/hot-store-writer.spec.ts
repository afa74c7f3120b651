import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RowBatchBuilder, rowsOf } from '@prism/contract';
import { datasetDir, segmentPaths } from './disk-names';
import { InvalidBatchError, InvalidNameError, LeaseHeldError } from './errors';
import { MANIFEST_CHECKPOINT_INTERVAL, MANIFEST_FORMAT_VERSION } from './format/manifest';
import { HotStoreWriter } from './hot-store-writer';
import { filesReferencedBy } from './segment/segment-files';
import { openSegmentReader } from './segment-reader';
import { listSegments } from './segment-listing';
import { BASE_NS, SPAN_BATCH_INDEXING, spanBatch, spanBatchIndexing } from './test-support/span-batches';

let root: string;
let writer: HotStoreWriter;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'prism-storage-'));
  writer = new HotStoreWriter({ root, ...spanBatchIndexing });
});

afterEach(async () => {
  await writer.close();
  await rm(root, { recursive: true, force: true });
});

function simpleBatch(rows: Array<{ ts: bigint; name?: string; code?: bigint; attr?: string }>) {
  const builder = new RowBatchBuilder();
  for (const row of rows) {
    builder.startRow();
    builder.setInt64('timestamp', row.ts);
    if (row.name !== undefined) builder.setString('name', row.name);
    if (row.code !== undefined) builder.setInt64('code', row.code);
    if (row.attr !== undefined) builder.setString('span.attr.new', row.attr);
  }
  return builder.build();
}

describe('HotStoreWriter', () => {
  it('tells each commit its segment totals, also for a writer that reopened the segment', async () => {
    const first = await writer.prepareCommit('acme', 'spans', simpleBatch([{ ts: BASE_NS + 5n }, { ts: BASE_NS + 9n }]));
    expect(first.segments[0].segmentTotals).toMatchObject({ rowCount: 2, minTimestampNs: BASE_NS + 5n, maxTimestampNs: BASE_NS + 9n });
    await first.publish();
    const second = await writer.prepareCommit('acme', 'spans', simpleBatch([{ ts: BASE_NS + 1n }]));
    await second.abort(); // an aborted commit adds nothing
    const third = await writer.prepareCommit('acme', 'spans', simpleBatch([{ ts: BASE_NS + 2n }]));
    await third.publish();
    await writer.close();

    writer = new HotStoreWriter({ root });
    const fourth = await writer.prepareCommit('acme', 'spans', simpleBatch([{ ts: BASE_NS + 20n }]));
    const totals = fourth.segments[0].segmentTotals;
    const bytes = first.segments[0].bytes + third.segments[0].bytes + fourth.segments[0].bytes;
    expect(totals).toEqual({ rowCount: 4, bytes, minTimestampNs: BASE_NS + 2n, maxTimestampNs: BASE_NS + 20n });
    await fourth.publish();
  });

  it('writes a whole manifest every checkpoint interval and small deltas between, read back as one state', async () => {
    const commits = MANIFEST_CHECKPOINT_INTERVAL + 6;
    let segmentId = '';
    for (let commit = 0; commit < commits; commit++) {
      const prepared = await writer.prepareCommit('acme', 'spans', simpleBatch([{ ts: BASE_NS + BigInt(commit), name: `n${commit}` }]));
      segmentId = prepared.segments[0].segmentId;
      await prepared.publish();
    }
    const dir = segmentPaths(join(datasetDir(root, 'acme', 'spans'), segmentId));
    const onDisk = async (version: number) => JSON.parse(await readFile(dir.manifest(version), 'utf8')) as { base?: number; commits: unknown[] };
    expect(await onDisk(1)).not.toHaveProperty('base');
    expect(await onDisk(MANIFEST_CHECKPOINT_INTERVAL)).toMatchObject({ base: 1 });
    expect((await onDisk(MANIFEST_CHECKPOINT_INTERVAL)).commits).toHaveLength(MANIFEST_CHECKPOINT_INTERVAL - 1);
    const checkpoint = await onDisk(MANIFEST_CHECKPOINT_INTERVAL + 1);
    expect(checkpoint).not.toHaveProperty('base');
    expect(checkpoint.commits).toHaveLength(MANIFEST_CHECKPOINT_INTERVAL + 1);
    expect((await onDisk(commits)).commits).toHaveLength(commits - MANIFEST_CHECKPOINT_INTERVAL - 1);

    const reader = await openSegmentReader(root, 'acme', 'spans', segmentId);
    expect(reader.manifest.commits.map((commit) => commit.number)).toEqual(Array.from({ length: commits }, (_, index) => index + 1));
    expect(rowsOf(await reader.readColumns(['name'])).map((row) => row['name'])).toEqual(Array.from({ length: commits }, (_, index) => `n${index}`));
    expect(filesReferencedBy(reader.manifest)).toEqual(
      expect.arrayContaining([
        `manifest/${String(commits).padStart(6, '0')}.json`,
        `manifest/${String(MANIFEST_CHECKPOINT_INTERVAL + 1).padStart(6, '0')}.json`,
      ]),
    );

    // A new writer continues the delta chain from what HEAD names.
    await writer.close();
    writer = new HotStoreWriter({ root });
    const next = await writer.prepareCommit('acme', 'spans', simpleBatch([{ ts: BASE_NS + 500n, name: 'after reopen' }]));
    await next.publish();
    expect(await onDisk(commits + 1)).toMatchObject({ base: MANIFEST_CHECKPOINT_INTERVAL + 1 });
    expect((await openSegmentReader(root, 'acme', 'spans', segmentId)).rowCount).toBe(commits + 1);
  });

  it('round-trips a realistic span batch through prepare, publish and the reader', async () => {
    const batch = spanBatch(1000);
    const prepared = await writer.prepareCommit('acme', 'spans', batch);
    expect(prepared.segments).toHaveLength(1);
    const commit = prepared.segments[0];
    expect(commit).toMatchObject({ manifestVersion: 1, rowCount: 1000, minTimestampNs: BASE_NS, maxTimestampNs: BASE_NS + 999_000_000n });
    expect(commit.traceIds).toHaveLength(125);
    expect(commit.blocks.find((block) => block.column === 'trace_id')?.bloom).toBeDefined();
    expect(commit.blocks.find((block) => block.column === 'name')?.encoding).toBe('dictionary');
    expect(commit.blocks.find((block) => block.column === 'status.message')?.stats).toMatchObject({ nullCount: 980, distinctCount: 1 });

    const before = await openSegmentReader(root, 'acme', 'spans', commit.segmentId);
    expect(before.rowCount).toBe(0); // HEAD has not moved yet
    await prepared.publish();

    const reader = await openSegmentReader(root, 'acme', 'spans', commit.segmentId);
    const table = await reader.readColumns();
    expect(table.numRows).toBe(1000);
    expect(rowsOf(table)).toEqual(rowsOf(batch));
    expect(table.schema.fields.find((field) => field.name === 'trace_id')?.metadata.get('prism.type')).toBe('bytes');
  });

  it('indexes each dataset as its own signal declares, with no policy of its own', async () => {
    await writer.close();
    const asked: string[] = [];
    writer = new HotStoreWriter({
      root,
      indexingFor: (dataset) => {
        asked.push(dataset);
        return dataset === 'spans' ? SPAN_BATCH_INDEXING : { dictionary: ['name'], bloom: [] };
      },
    });
    const batch = spanBatch(40, { seed: 3 });
    const [spans, other] = [await writer.prepareCommit('acme', 'spans', batch), await writer.prepareCommit('acme', 'other', batch)];
    await Promise.all([spans.publish(), other.publish()]);
    expect(asked).toEqual(expect.arrayContaining(['spans', 'other']));
    // The spans dataset's declaration: Bloom filters and trace hints from its trace-id column.
    expect(spans.segments[0].traceIds.length).toBeGreaterThan(0);
    expect(spans.segments[0].traceIds.every((id) => /^[0-9a-f]{32}$/.test(id))).toBe(true);
    expect(spans.segments[0].blocks.find((block) => block.column === 'trace_id')?.bloom).toBeDefined();
    // The other dataset declared no trace-id column and no Bloom filters: the same rows get neither,
    // but its own dictionary column is dictionary-encoded.
    expect(other.segments[0].traceIds).toEqual([]);
    expect(other.segments[0].blocks.find((block) => block.column === 'trace_id')?.bloom).toBeUndefined();
    expect(other.segments[0].blocks.find((block) => block.column === 'name')?.encoding).toMatch(/dict/);
    expect(writer.encodingOptionsFor('other').indexing).toEqual({ dictionary: ['name'], bloom: [] });

    // And a store given no indexing at all indexes nothing.
    const bare = new HotStoreWriter({ root: join(root, 'bare') });
    const plain = await bare.prepareCommit('acme', 'spans', batch);
    await plain.publish();
    expect(plain.segments[0].traceIds).toEqual([]);
    await bare.close();
  });

  it('reads only the chosen columns and answers stats and bloom lookups per block', async () => {
    const batch = spanBatch(64);
    const prepared = await writer.prepareCommit('acme', 'spans', batch);
    await prepared.publish();
    const reader = await openSegmentReader(root, 'acme', 'spans', prepared.segments[0].segmentId);
    const table = await reader.readColumns(['name', 'no.such.column', 'timestamp']);
    expect(table.schema.fields.map((field) => field.name)).toEqual(['name', 'timestamp']);
    const [stats] = await reader.blockStats('timestamp');
    expect(stats.stats).toMatchObject({ min: String(BASE_NS), max: String(BASE_NS + 63_000_000n), nullCount: 0, distinctCount: 64 });
    const traceId = prepared.segments[0].traceIds[0];
    expect(await reader.mightContain('trace_id', traceId)).toEqual([true]);
    expect(await reader.mightContain('trace_id', 'ffffffffffffffffffffffffffffffff')).toEqual([false]);
    expect(await reader.mightContain('missing', 'x')).toEqual([false]);
  });

  it('splits a batch across segment windows and lists the segments in time order', async () => {
    const fiveMinutes = 300_000_000_000n;
    const batch = simpleBatch([{ ts: BASE_NS + fiveMinutes + 1n }, { ts: BASE_NS }, { ts: BASE_NS + fiveMinutes }, { ts: BASE_NS + 5n }]);
    const prepared = await writer.prepareCommit('acme', 'spans', batch);
    expect(prepared.segments.map((commit) => commit.rowCount)).toEqual([2, 2]);
    await prepared.publish();
    const listed = await listSegments(root, 'acme', 'spans');
    expect(listed.map((segment) => [segment.segmentId, segment.version])).toEqual([
      ['20231114T221000Z-300s', 1],
      ['20231114T221500Z-300s', 1],
    ]);
    const second = await openSegmentReader(root, 'acme', 'spans', listed[1].segmentId);
    expect(rowsOf(await second.readColumns()).map((row) => row.timestamp)).toEqual([BASE_NS + fiveMinutes + 1n, BASE_NS + fiveMinutes]);
  });

  it('adds columns first seen in later commits and fills nulls for earlier ones; a type clash gets a variant column', async () => {
    await (await writer.prepareCommit('acme', 'spans', simpleBatch([{ ts: BASE_NS, name: 'a', code: 1n }]))).publish();
    const builder = new RowBatchBuilder();
    builder.startRow();
    builder.setInt64('timestamp', BASE_NS + 1n);
    builder.setString('span.attr.new', 'fresh');
    builder.setString('code', 'not-a-number');
    await (await writer.prepareCommit('acme', 'spans', builder.build())).publish();
    const reader = await openSegmentReader(root, 'acme', 'spans', '20231114T221000Z-300s');
    expect(reader.columns().map((column) => `${column.name}:${column.type}`)).toEqual([
      'timestamp:int64',
      'name:string',
      'code:int64',
      'span.attr.new:string',
      'code#string:string',
    ]);
    const table = await reader.readColumns();
    expect(table.batches).toHaveLength(2);
    expect(rowsOf(table)).toEqual([
      { timestamp: BASE_NS, name: 'a', code: 1n },
      { timestamp: BASE_NS + 1n, 'span.attr.new': 'fresh', 'code#string': 'not-a-number' },
    ]);
  });

  it('abort removes what prepare wrote and the next commit reuses the number', async () => {
    const first = await writer.prepareCommit('acme', 'spans', simpleBatch([{ ts: BASE_NS, attr: 'x' }]));
    await first.abort();
    const dir = segmentPaths(join(datasetDir(root, 'acme', 'spans'), first.segments[0].segmentId));
    expect(await readdir(dir.manifestDir)).toEqual([]);
    expect(await readdir(dir.commitBlocksDir)).toEqual([]);
    expect(await readdir(dir.statsDir)).toEqual([]);
    // HEAD's next content, written ahead under a temp name, goes too.
    expect((await readdir(dir.dir)).filter((name) => name.startsWith('HEAD'))).toEqual([]);
    const second = await writer.prepareCommit('acme', 'spans', simpleBatch([{ ts: BASE_NS, name: 'kept' }]));
    expect(second.segments[0].manifestVersion).toBe(1);
    await second.publish();
    expect((await readdir(dir.dir)).filter((name) => name.startsWith('HEAD'))).toEqual(['HEAD']);
    const reader = await openSegmentReader(root, 'acme', 'spans', first.segments[0].segmentId);
    expect(rowsOf(await reader.readColumns())).toEqual([{ timestamp: BASE_NS, name: 'kept' }]);
  });

  it('serializes commits to one segment: the second prepare waits for the first to settle', async () => {
    const first = await writer.prepareCommit('acme', 'spans', simpleBatch([{ ts: BASE_NS }]));
    let secondDone = false;
    const second = writer.prepareCommit('acme', 'spans', simpleBatch([{ ts: BASE_NS + 1n }])).then((prepared) => {
      secondDone = true;
      return prepared;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(secondDone).toBe(false);
    await first.publish();
    const prepared = await second;
    expect(prepared.segments[0].manifestVersion).toBe(2);
    await prepared.publish();
  });

  it('keeps a second writer out while the lease lives', async () => {
    await (await writer.prepareCommit('acme', 'spans', simpleBatch([{ ts: BASE_NS }]))).publish();
    const other = new HotStoreWriter({ root });
    await expect(other.prepareCommit('acme', 'spans', simpleBatch([{ ts: BASE_NS }]))).rejects.toBeInstanceOf(LeaseHeldError);
    await writer.close();
    await (await other.prepareCommit('acme', 'spans', simpleBatch([{ ts: BASE_NS + 1n }]))).publish();
    await other.close();
  });

  it('a new writer cleans up unpublished files a crashed writer left', async () => {
    const prepared = await writer.prepareCommit('acme', 'spans', simpleBatch([{ ts: BASE_NS, attr: 'orphan' }]));
    const dir = segmentPaths(join(datasetDir(root, 'acme', 'spans'), prepared.segments[0].segmentId));
    await writeFile(join(dir.dir, 'HEAD.0123.tmp'), 'half');
    // Simulate the crash: forget the writer without publishing, and let its lease expire.
    await rm(dir.lock);
    const reader = await openSegmentReader(root, 'acme', 'spans', prepared.segments[0].segmentId);
    expect(reader.rowCount).toBe(0);
    const next = new HotStoreWriter({ root });
    await (await next.prepareCommit('acme', 'spans', simpleBatch([{ ts: BASE_NS, name: 'after' }]))).publish();
    expect(await readdir(dir.manifestDir)).toEqual(['000001.json']);
    expect((await readdir(dir.dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(await readdir(dir.commitBlocksDir)).toEqual(['000001.blk']);
    expect(rowsOf(await (await openSegmentReader(root, 'acme', 'spans', prepared.segments[0].segmentId)).readColumns())).toEqual([
      { timestamp: BASE_NS, name: 'after' },
    ]);
    expect(JSON.parse(await readFile(dir.manifest(1), 'utf8')).columns.map((c: { name: string }) => c.name)).toEqual(['timestamp', 'name']);
    await next.close();
  });

  it('reads commits written one file per column (manifest format 1) and appends to such a segment', async () => {
    const first = await writer.prepareCommit('acme', 'spans', simpleBatch([{ ts: BASE_NS, name: 'old', code: 7n }]));
    await first.publish();
    await writer.close();
    // Rewrite commit 1 as format 1 wrote it: a block file per column, no ranges in the manifest.
    const dir = segmentPaths(join(datasetDir(root, 'acme', 'spans'), first.segments[0].segmentId));
    const manifest = JSON.parse(await readFile(dir.manifest(1), 'utf8'));
    const blockFile = await readFile(dir.commitBlocks(1));
    let offset = 0;
    for (const [i, length] of manifest.commits[0].blockLengths.entries()) {
      const column = manifest.columns[manifest.commits[0].columns[i]];
      await mkdir(dir.blocksDir(column.dir), { recursive: true });
      await writeFile(dir.block(column.dir, 1), blockFile.subarray(offset, offset + length));
      offset += length;
    }
    await rm(dir.commitBlocks(1));
    delete manifest.commits[0].blockLengths;
    await writeFile(dir.manifest(1), JSON.stringify({ ...manifest, formatVersion: 1 }));

    writer = new HotStoreWriter({ root });
    await (await writer.prepareCommit('acme', 'spans', simpleBatch([{ ts: BASE_NS + 1n, name: 'new' }]))).publish();
    const reader = await openSegmentReader(root, 'acme', 'spans', first.segments[0].segmentId);
    expect(reader.manifest.formatVersion).toBe(MANIFEST_FORMAT_VERSION);
    expect(rowsOf(await reader.readColumns(['name', 'code']))).toEqual([{ name: 'old', code: 7n }, { name: 'new' }]);
  });

  it('rejects unsafe ids and batches without timestamps with named errors', async () => {
    await expect(writer.prepareCommit('../etc', 'spans', spanBatch(1))).rejects.toBeInstanceOf(InvalidNameError);
    await expect(writer.prepareCommit('acme', 'a/b', spanBatch(1))).rejects.toBeInstanceOf(InvalidNameError);
    const builder = new RowBatchBuilder();
    builder.startRow();
    builder.setString('name', 'no time');
    await expect(writer.prepareCommit('acme', 'spans', builder.build())).rejects.toBeInstanceOf(InvalidBatchError);
    await expect(openSegmentReader(root, 'acme', 'spans', '../../x')).rejects.toBeInstanceOf(InvalidNameError);
  });
});
