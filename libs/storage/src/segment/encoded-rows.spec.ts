import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RowBatchBuilder, rowsOf, type RowBatch } from '@prism/contract';
import { columnValuesOf } from '../encodings/arrow-gather';
import { chooseEncoding } from '../encodings/encoding-registry';
import { denseToArray } from '../encodings/column-values';
import { CorruptDataError } from '../errors';
import { decodeBlock, encodeBlock, joinBlockChunks } from '../format/block-format';
import { BlockBloom } from '../format/bloom-index';
import { brotliAt } from '../format/compression';
import { datasetDir, segmentPaths } from '../disk-names';
import { HotStoreWriter } from '../hot-store-writer';
import { openSegmentReader } from '../segment-reader';
import { BASE_NS, spanBatch, spanBatchIndexing } from '../test-support/span-batches';
import { encodeRows, transferListOf, type EncodedRows } from './encoded-rows';

let root: string;
let writer: HotStoreWriter;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'prism-encoded-'));
  writer = new HotStoreWriter({ root, ...spanBatchIndexing });
});

afterEach(async () => {
  await writer.close();
  await rm(root, { recursive: true, force: true });
});

/** Rows with a column only some requests have and an attribute whose type differs between requests. */
function taggedBatch(startNs: bigint, rows: number, extra: { tag?: string; clash?: 'string' | 'int64' }): RowBatch {
  const builder = new RowBatchBuilder();
  for (let row = 0; row < rows; row++) {
    builder.startRow();
    builder.setInt64('timestamp', startNs + BigInt(row) * 1_000_000n);
    builder.setString('name', `op-${row % 3}`);
    if (extra.tag !== undefined && row % 2 === 0) builder.setString('span.attr.tag', extra.tag);
    if (extra.clash === 'string') builder.setString('span.attr.clash', `v${row}`);
    if (extra.clash === 'int64') builder.setInt64('span.attr.clash', BigInt(row));
  }
  return builder.build();
}

/** Every row of every published commit of a segment, as plain objects. */
async function storedRows(segmentId: string): Promise<Record<string, unknown>[]> {
  const reader = await openSegmentReader(root, 'acme', 'spans', segmentId);
  return rowsOf(await reader.readColumns());
}

/** The rows of each batch, in order. */
function expectedRows(batches: RowBatch[]): Record<string, unknown>[] {
  return batches.flatMap((batch) => rowsOf(batch));
}

describe('encodeRows + HotStoreWriter.prepareEncoded', () => {
  it('joins several requests into one commit whose rows read back in request order', async () => {
    const batches = [
      spanBatch(300, { seed: 1 }),
      spanBatch(200, { seed: 2, startNs: BASE_NS + 300_000_000n }),
      spanBatch(100, { seed: 3, startNs: BASE_NS + 500_000_000n }),
    ];
    const encoded = batches.map((batch) => encodeRows(batch, writer.encodingOptionsFor('spans')));
    const prepared = await writer.prepareEncoded('acme', 'spans', encoded);
    expect(prepared.segments).toHaveLength(1);
    const [commit] = prepared.segments;
    expect(commit).toMatchObject({ manifestVersion: 1, rowCount: 600, minTimestampNs: BASE_NS, maxTimestampNs: BASE_NS + 599_000_000n });
    await prepared.publish();

    const reader = await openSegmentReader(root, 'acme', 'spans', commit.segmentId);
    const table = await reader.readColumns();
    expect(rowsOf(table)).toEqual(expectedRows(batches));
  });

  it('gives a joined block the stats one block of the same rows would have', async () => {
    const batches = [spanBatch(300, { seed: 4 }), spanBatch(300, { seed: 5, startNs: BASE_NS + 300_000_000n })];
    const joined = await writer.prepareEncoded(
      'acme',
      'spans',
      batches.map((batch) => encodeRows(batch, writer.encodingOptionsFor('spans'))),
    );
    const [commit] = joined.segments;

    const traceIds = new Set(batches.flatMap((batch) => rowsOf(batch).map((row) => Buffer.from(row['trace_id'] as Uint8Array).toString('hex'))));
    expect(new Set(commit.traceIds)).toEqual(traceIds);
    const byColumn = new Map(commit.blocks.map((block) => [block.column, block]));
    expect(byColumn.get('trace_id')?.stats).toMatchObject({ rowCount: 600, nullCount: 0, distinctCount: traceIds.size });
    const spanIds = batches.flatMap((batch) => rowsOf(batch).map((row) => Buffer.from(row['span_id'] as Uint8Array).toString('hex')));
    const bloom = BlockBloom.load(byColumn.get('span_id')?.bloom ?? { hash: '', filter: null });
    expect(spanIds.every((id) => bloom.mightContain(id))).toBe(true);
    const timestamps = byColumn.get('timestamp')?.stats;
    expect(timestamps).toMatchObject({ min: String(BASE_NS), max: String(BASE_NS + 599_000_000n) });
    const names = new Set(batches.flatMap((batch) => rowsOf(batch).map((row) => row['name'])));
    expect(byColumn.get('name')?.stats.distinctCount).toBe(names.size);
    await joined.publish();
    const reader = await openSegmentReader(root, 'acme', 'spans', commit.segmentId);
    expect(await reader.dictionaryContains('name', [...names][0] as string)).toEqual([true]);
    expect(await reader.dictionaryContains('name', 'no such operation')).toEqual([false]);
  });

  it('fills nulls for a column a request lacks and names a type clash as the segment does', async () => {
    const first = taggedBatch(BASE_NS, 4, { tag: 'red', clash: 'string' });
    const second = taggedBatch(BASE_NS + 4_000_000n, 3, { clash: 'int64' });
    const prepared = await writer.prepareEncoded('acme', 'spans', [
      encodeRows(first, writer.encodingOptionsFor('spans')),
      encodeRows(second, writer.encodingOptionsFor('spans')),
    ]);
    await prepared.publish();
    const rows = await storedRows(prepared.segments[0].segmentId);
    expect(rows).toHaveLength(7);
    expect(rows.map((row) => row['span.attr.tag'] ?? null)).toEqual(['red', null, 'red', null, null, null, null]);
    expect(rows.map((row) => row['span.attr.clash'] ?? null)).toEqual(['v0', 'v1', 'v2', 'v3', null, null, null]);
    expect(rows.map((row) => row['span.attr.clash#int64'] ?? null)).toEqual([null, null, null, null, 0n, 1n, 2n]);
    const tag = prepared.segments[0].blocks.find((block) => block.column === 'span.attr.tag');
    expect(tag?.stats).toMatchObject({ rowCount: 7, nullCount: 5, distinctCount: 1, min: 'red', max: 'red' });
  });

  it('splits a request across windows into one commit per segment, in time order', async () => {
    const fiveMinutesNs = 300_000_000_000n;
    const windowStart = (BASE_NS / fiveMinutesNs) * fiveMinutesNs;
    const straddling = taggedBatch(windowStart + fiveMinutesNs - 2_000_000n, 4, {});
    const later = taggedBatch(windowStart + fiveMinutesNs + 10_000_000n, 2, {});
    const prepared = await writer.prepareEncoded('acme', 'spans', [
      encodeRows(straddling, writer.encodingOptionsFor('spans')),
      encodeRows(later, writer.encodingOptionsFor('spans')),
    ]);
    expect(prepared.segments.map((commit) => commit.rowCount)).toEqual([2, 4]);
    expect(prepared.segments[0].windowEndNs).toBe(prepared.segments[1].windowStartNs);
    await prepared.publish();
    expect((await storedRows(prepared.segments[1].segmentId)).map((row) => row['timestamp'])).toEqual([
      windowStart + fiveMinutesNs,
      windowStart + fiveMinutesNs + 1_000_000n,
      windowStart + fiveMinutesNs + 10_000_000n,
      windowStart + fiveMinutesNs + 11_000_000n,
    ]);
  });

  it('survives being posted to another thread with its buffers transferred', async () => {
    const batch = spanBatch(200, { seed: 9 });
    const encoded = encodeRows(batch, writer.encodingOptionsFor('spans'));
    const { port1, port2 } = new MessageChannel();
    port1.postMessage(encoded, transferListOf(encoded));
    const received = receiveMessageOnPort(port2)?.message as EncodedRows;
    port1.close();
    expect(encoded.windows[0].chunks[0].bytes.byteLength).toBe(0); // moved, not copied
    const prepared = await writer.prepareEncoded('acme', 'spans', [received]);
    await prepared.publish();
    expect(await storedRows(prepared.segments[0].segmentId)).toEqual(rowsOf(batch));
  });

  it('plans a commit before its files are durable; publish waits for them, a failed write aborts cleanly', async () => {
    const first = await writer.prepareEncoded('acme', 'spans', [encodeRows(spanBatch(10, { seed: 10 }), writer.encodingOptionsFor('spans'))]);
    await first.publish();
    const encoded = encodeRows(spanBatch(50, { seed: 11 }), writer.encodingOptionsFor('spans'));
    const segmentId = encoded.windows[0].window.segmentId;
    // A file already holding commit 2's block name makes that write fail (files are created exclusively).
    const paths = segmentPaths(join(datasetDir(root, 'acme', 'spans'), segmentId));
    await mkdir(paths.commitBlocksDir, { recursive: true });
    await writeFile(paths.commitBlocks(2), 'left over');
    const failing = await writer.startEncoded('acme', 'spans', [encoded]);
    expect(failing.segments[0]).toMatchObject({ manifestVersion: 2, rowCount: 50, segmentTotals: { rowCount: 60 } });
    await expect(failing.durable).rejects.toThrow(/EEXIST/);
    await expect(failing.publish()).rejects.toThrow(/EEXIST/);
    await failing.abort();
    expect((await openSegmentReader(root, 'acme', 'spans', segmentId)).rowCount).toBe(10);

    // The writer's turn was released and the leftover cleared: the next commit goes through.
    const next = await writer.startEncoded('acme', 'spans', [encodeRows(spanBatch(20, { seed: 12 }), writer.encodingOptionsFor('spans'))]);
    await next.durable;
    await next.publish();
    expect((await openSegmentReader(root, 'acme', 'spans', segmentId)).rowCount).toBe(30);
  });

  it('refuses rows encoded for another window length', async () => {
    const encoded = encodeRows(spanBatch(10), { ...writer.encodingOptionsFor('spans'), segmentDurationMs: 60_000 });
    await expect(writer.prepareEncoded('acme', 'spans', [encoded])).rejects.toThrow(/window length/);
  });
});

describe('blocks of several chunks', () => {
  const codec = brotliAt(1);
  const chunkOf = (batch: RowBatch, column: string) => {
    const vector = batch.getChild(column);
    if (vector === null) throw new Error(`no column ${column}`);
    const values = columnValuesOf(vector, 'string');
    return encodeBlock(values, chooseEncoding('string', { dictionary: false, distinctCount: 1, valueCount: 1 }), codec).bytes;
  };

  it('decode to the rows of every chunk in order', () => {
    const [a, b] = [taggedBatch(BASE_NS, 5, { tag: 'x' }), taggedBatch(BASE_NS, 4, { tag: 'y' })];
    const joined = joinBlockChunks([chunkOf(a, 'span.attr.tag'), chunkOf(b, 'span.attr.tag')]);
    const decoded = decodeBlock(joined, 'string');
    expect(decoded.rowCount).toBe(9);
    expect(denseToArray(decoded.dense)).toEqual(['x', 'x', 'x', 'y', 'y']);
  });

  it('report damage in any chunk and a chunk cut short', () => {
    const [a, b] = [taggedBatch(BASE_NS, 5, { tag: 'x' }), taggedBatch(BASE_NS, 4, { tag: 'y' })];
    const first = chunkOf(a, 'name');
    const joined = joinBlockChunks([first, chunkOf(b, 'name')]);
    const damaged = joined.slice();
    damaged[damaged.length - 1] ^= 0xff;
    expect(() => decodeBlock(damaged, 'string')).toThrow(/checksum/);
    expect(() => decodeBlock(joined.subarray(0, joined.length - 3), 'string')).toThrow(CorruptDataError);
    expect(() => decodeBlock(joined.subarray(0, first.length + 10), 'string')).toThrow(CorruptDataError);
  });
});
