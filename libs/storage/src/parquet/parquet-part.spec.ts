import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RowBatchBuilder, rowsOf } from '@prism/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidBatchError } from '../errors';
import { BlockBloom } from '../format/bloom-index';
import { FilesystemObjectStore, defaultFilesystemObjectStoreOptions } from '../object-store/filesystem/filesystem-object-store';
import { BASE_NS, spanBatch } from '../test-support/span-batches';
import { ParquetObjectReader } from './parquet-object-reader';
import { HOUR_NS, hourStartOf, parquetPartKey } from './parquet-layout';
import { parquetWasm } from './parquet-wasm';
import { defaultParquetWriteOptions, writeParquetPart } from './parquet-writer';

let dir: string;
let store: FilesystemObjectStore;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'prism-parquet-'));
  store = new FilesystemObjectStore(defaultFilesystemObjectStoreOptions(dir));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const hex = (bytes: unknown) => Buffer.from(bytes as Uint8Array).toString('hex');

describe('parquet layout', () => {
  it('names parts by shard, tenant, dataset, UTC day and hour', () => {
    const hourStartNs = 1_700_000_000_000_000_000n; // 2023-11-14T22:13:20Z
    expect(parquetPartKey({ shardId: 3, tenantId: 'acme', dataset: 'spans', hourStartNs, part: 2 })).toBe(
      'shard=3/tenant=acme/dataset=spans/dt=2023-11-14/hour=22/part-002.parquet',
    );
    expect(hourStartOf(hourStartNs)).toBe(hourStartNs - (hourStartNs % HOUR_NS));
  });
});

describe('writeParquetPart', () => {
  it('writes the union of the tables, sorted, in row groups with stats and Bloom filters', async () => {
    const first = spanBatch(3000, { seed: 1 });
    const builder = new RowBatchBuilder();
    builder.startRow();
    builder.setString('resource.service.name', 'aaa-late');
    builder.setInt64('timestamp', BASE_NS);
    builder.setString('span.attr.only.here', 'x');
    const second = builder.build();
    const written = await writeParquetPart([first, second], {
      ...defaultParquetWriteOptions(),
      rowGroupRows: 1000,
      sortColumns: ['resource.service.name', 'timestamp'],
      bloomColumns: ['trace_id'],
    });

    expect(written.rowCount).toBe(3001);
    expect(written.rowGroups.map((group) => group.rowCount)).toEqual([1000, 1000, 1000, 1]);
    expect(written.columns.map((column) => column.name)).toContain('span.attr.only.here');

    const key = 'shard=0/tenant=acme/dataset=spans/dt=2023-11-14/hour=22/part-001.parquet';
    await store.put(key, written.bytes);
    const reader = new ParquetObjectReader(store, key, written.bytes.length);
    const table = await reader.read();
    const rows = rowsOf(table);
    expect(rows).toHaveLength(3001);
    // Sorted by service first: the one-row table's service sorts before the others.
    expect(rows[0]['resource.service.name']).toBe('aaa-late');
    expect(rows[0]['span.attr.only.here']).toBe('x');
    expect('span.attr.only.here' in rows[1]).toBe(false); // null cells are left out
    const services = rows.map((row) => String(row['resource.service.name']));
    expect(services).toEqual([...services].sort());
    // Types come back as the hot reader returns them.
    expect(typeof rows[1].timestamp).toBe('bigint');
    expect(rows[1].trace_id).toBeInstanceOf(Uint8Array);

    // Row-group stats and Bloom filters describe exactly the rows in each group.
    const byGroup = [0, 1, 2, 3].map((index) => rows.slice(index * 1000, index * 1000 + 1000));
    written.rowGroups.forEach((group, index) => {
      const groupRows = byGroup[index];
      const timestamps = groupRows.map((row) => row.timestamp as bigint);
      expect(group.minTimestampNs).toBe(timestamps.reduce((a, b) => (a < b ? a : b)));
      expect(group.stats['timestamp'].rowCount).toBe(groupRows.length);
      const bloom = BlockBloom.load(group.blooms['trace_id']);
      for (const row of groupRows) if (row.trace_id !== undefined) expect(bloom.mightContain(hex(row.trace_id))).toBe(true);
    });
  });

  it('refuses tables that type one column differently', async () => {
    const typed = (set: (builder: RowBatchBuilder) => void) => {
      const builder = new RowBatchBuilder();
      builder.startRow();
      builder.setInt64('timestamp', BASE_NS);
      set(builder);
      return builder.build();
    };
    const asString = typed((builder) => builder.setString('span.attr.n', '1'));
    const asInt = typed((builder) => builder.setInt64('span.attr.n', 1n));
    await expect(writeParquetPart([asString, asInt])).rejects.toBeInstanceOf(InvalidBatchError);
  });
});

/** Encodings of each column in the file's first row group, from its own metadata. */
async function encodingsOf(bytes: Uint8Array): Promise<Record<string, string[]>> {
  const parquet = parquetWasm();
  const file = await parquet.ParquetFile.fromFile(new Blob([bytes]));
  try {
    const group = file.metadata().rowGroups()[0];
    return Object.fromEntries(group.columns().map((chunk) => [chunk.columnPath().join('.'), chunk.encodings().map((encoding) => parquet.Encoding[encoding])]));
  } finally {
    file.free();
  }
}

describe('column encodings', () => {
  it('drops dictionaries of near-unique columns, splits int64 bytes, and reads every value back', async () => {
    const batch = spanBatch(4000, { seed: 3 });
    const written = await writeParquetPart([batch]);
    const encodings = await encodingsOf(written.bytes);
    expect(encodings['span_id']).toContain('PLAIN');
    expect(encodings['span_id']).not.toContain('RLE_DICTIONARY');
    expect(encodings['duration']).toContain('BYTE_STREAM_SPLIT');
    expect(encodings['name']).toContain('RLE_DICTIONARY');

    const key = 'shard=0/tenant=acme/dataset=spans/dt=2023-11-14/hour=22/part-003.parquet';
    await store.put(key, written.bytes);
    const back = rowsOf(await new ParquetObjectReader(store, key, written.bytes.length).read());
    const original = rowsOf(batch); // already in timestamp order, the writer's default sort
    expect(back.map((row) => [row.duration, hex(row.span_id), row.name])).toEqual(original.map((row) => [row.duration, hex(row.span_id), row.name]));
  });

  it('keeps every dictionary when the distinct ratio allows it', async () => {
    const options = defaultParquetWriteOptions();
    const written = await writeParquetPart([spanBatch(2000, { seed: 4 })], {
      ...options,
      columnEncodings: { ...options.columnEncodings, maxDictionaryDistinctRatio: 1 },
    });
    const encodings = await encodingsOf(written.bytes);
    expect(encodings['span_id']).toContain('RLE_DICTIONARY');
    expect(encodings['duration']).not.toContain('BYTE_STREAM_SPLIT');
  });
});

describe('ParquetObjectReader', () => {
  it('fetches only the footer, page index and chosen column chunks for a one-column one-row-group read', async () => {
    const written = await writeParquetPart([spanBatch(20_000, { seed: 2 })], { ...defaultParquetWriteOptions(), rowGroupRows: 4096 });
    const key = 'shard=0/tenant=acme/dataset=spans/dt=2023-11-14/hour=22/part-002.parquet';
    await store.put(key, written.bytes);
    const reader = new ParquetObjectReader(store, key, written.bytes.length);
    const table = await reader.read({ rowGroups: [2], columns: ['duration'] });
    expect(table.numRows).toBe(4096);
    expect(table.schema.fields.map((field) => field.name)).toEqual(['duration']);
    const chunk = written.rowGroups[2].columnChunks['duration'];
    expect(reader.fetched.bytes).toBeGreaterThanOrEqual(chunk.length);
    expect(reader.fetched.bytes).toBeLessThan(written.bytes.length * 0.1);

    // The same values as a whole-file read of that group.
    const whole = rowsOf(await new ParquetObjectReader(store, key, written.bytes.length).read());
    expect(rowsOf(table).map((row) => row.duration)).toEqual(whole.slice(2 * 4096, 3 * 4096).map((row) => row.duration));

    // A second read reuses the footer: only the new chunk is fetched.
    const before = reader.fetched.bytes;
    await reader.read({ rowGroups: [0], columns: ['duration'] });
    expect(reader.fetched.bytes - before).toBe(written.rowGroups[0].columnChunks['duration'].length);
    await reader.close();
  });
});
