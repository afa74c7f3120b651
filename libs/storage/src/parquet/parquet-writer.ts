import { Field, RecordBatch, Schema, Struct, Table, makeData, tableToIPC, type Vector } from 'apache-arrow';
import { COLUMN_TYPE_METADATA_KEY, type ColumnType } from '@prism/contract';
import { columnValuesOf } from '../encodings/arrow-gather';
import { nullColumn, vectorOf, type ColumnValues } from '../encodings/column-values';
import { InvalidBatchError } from '../errors';
import { computeBlockStats, type BlockStats } from '../format/block-stats';
import type { SavedBloom } from '../format/bloom-index';
import { parquetWasm, type ParquetWasm } from './parquet-wasm';
import { sortPermutation } from './row-order';
import { planColumnEncodings, type ColumnEncoding, type ColumnEncodingRules } from './column-encodings';

/** How a Parquet part is laid out. */
export interface ParquetWriteOptions {
  /** Rows per row group (the unit of cold pruning and I/O). */
  rowGroupRows: number;
  /** Rows are sorted by these columns (absent ones skipped), so row-group stats prune well. */
  sortColumns: readonly string[];
  /**
   * Columns whose per-row-group Bloom filter goes to the catalog. None by default: the dataset's
   * signal declares them (the parquetizer adds the signal's trace-id column).
   */
  bloomColumns: readonly string[];
  /** Columns whose per-row-group stats go to the catalog; `all` for every column. */
  statsColumns: readonly string[] | 'all';
  /** Codec of every column chunk (ZSTD at parquet-wasm's fixed level, 1: it has no level setting). */
  compression: 'zstd' | 'snappy' | 'none';
  /**
   * Parquet writer version. 1 compresses definition levels with the values (2 stores them raw,
   * ~1 bit per row per nullable column) and defaults non-dictionary columns to plain, not delta.
   */
  writerVersion: 1 | 2;
  /** Dictionary or not, and the encoding otherwise, per column, chosen from the first row group. */
  columnEncodings: ColumnEncodingRules;
  /** Parquet's own min/max statistics; Prism prunes from the catalog's stats, so they are optional. */
  parquetStatistics: 'none' | 'chunk' | 'page';
}

/** Defaults chosen by the lifecycle bench (see the storage README's Parquet section). */
export function defaultParquetWriteOptions(): ParquetWriteOptions {
  return {
    // Measured by the lifecycle bench (200k spans, storage README): time order and 32k-row groups
    // are as small as DuckDB's export; a trace's spans are close in time, so the catalog's
    // trace-id Bloom filters still leave one row group to read (cold p95 ~200 ms, 128k: ~350 ms).
    rowGroupRows: 32_768,
    sortColumns: ['timestamp'],
    bloomColumns: [],
    statsColumns: 'all',
    compression: 'zstd',
    writerVersion: 1,
    columnEncodings: { maxDictionaryDistinctRatio: 0.3, nonDictionaryInt64: 'byte-stream-split' },
    parquetStatistics: 'none',
  };
}

/** Byte range `[offset, offset + length)` of one column chunk in the file. */
export interface ChunkRange {
  offset: number;
  length: number;
}

/** What the catalog keeps about one row group. */
export interface ParquetRowGroupInfo {
  index: number;
  rowCount: number;
  /** Min and max `timestamp` (ns) of the group's rows. */
  minTimestampNs: bigint;
  maxTimestampNs: bigint;
  columnChunks: Record<string, ChunkRange>;
  stats: Record<string, BlockStats>;
  blooms: Record<string, SavedBloom>;
}

/** A written Parquet part: its bytes, schema and per-row-group records. */
export interface WrittenParquet {
  bytes: Uint8Array;
  rowCount: number;
  columns: Array<{ name: string; type: ColumnType }>;
  rowGroups: ParquetRowGroupInfo[];
}

/**
 * Writes the rows of several tables (e.g. the sealed segments of an hour, as storage's readers
 * return them) as one ZSTD Parquet file: the schema is the union of their columns (a column a
 * table lacks is null there), rows are sorted by `sortColumns`, and row groups hold
 * `rowGroupRows` rows. Stats and Bloom filters are computed per row group from the same values.
 * Tables that disagree on a column's type are an InvalidBatchError (write them to separate parts).
 */
export async function writeParquetPart(tables: readonly Table[], options: ParquetWriteOptions = defaultParquetWriteOptions()): Promise<WrittenParquet> {
  const columns = unionColumns(tables);
  const rowCount = tables.reduce((sum, table) => sum + table.numRows, 0);
  const vectors = new Map(columns.map((column) => [column.name, concatenated(tables, column.name, column.type)]));
  const sortBy = options.sortColumns.flatMap((name) => {
    const column = columns.find((candidate) => candidate.name === name);
    return column === undefined ? [] : [{ vector: vectors.get(name) as Vector, type: column.type }];
  });
  const order = sortPermutation(sortBy, rowCount);
  const schema = new Schema(
    columns.map(({ name, type }) => new Field(name, vectorOf(nullColumn(type, 0)).type, true, new Map([[COLUMN_TYPE_METADATA_KEY, type]]))),
  );
  const statsColumns = new Set(options.statsColumns === 'all' ? columns.map((column) => column.name) : options.statsColumns);
  const bloomColumns = new Set(options.bloomColumns);

  const batches: RecordBatch[] = [];
  const firstGroup = new Map<string, ColumnValues>();
  const groups: Array<Omit<ParquetRowGroupInfo, 'columnChunks'>> = [];
  for (let start = 0, index = 0; start < rowCount; start += options.rowGroupRows, index++) {
    const rows = order.subarray(start, Math.min(rowCount, start + options.rowGroupRows));
    const children = [];
    const stats: Record<string, BlockStats> = {};
    const blooms: Record<string, SavedBloom> = {};
    let minTimestampNs = 0n;
    let maxTimestampNs = 0n;
    for (const column of columns) {
      const values = columnValuesOf(vectors.get(column.name) as Vector, column.type, rows, column.name);
      const wantBloom = bloomColumns.has(column.name);
      if (statsColumns.has(column.name) || wantBloom || column.name === 'timestamp') {
        const computed = computeBlockStats(values, { bloom: wantBloom, keys: false });
        if (statsColumns.has(column.name)) stats[column.name] = computed.stats;
        if (computed.bloom !== undefined) blooms[column.name] = computed.bloom.save();
        if (column.name === 'timestamp' && computed.stats.min !== undefined && computed.stats.max !== undefined) {
          [minTimestampNs, maxTimestampNs] = [BigInt(computed.stats.min), BigInt(computed.stats.max)];
        }
      }
      if (index === 0) firstGroup.set(column.name, values);
      children.push(vectorOf(values).data[0]);
    }
    batches.push(new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: rows.length, nullCount: 0, children })));
    groups.push({ index, rowCount: rows.length, minTimestampNs, maxTimestampNs, stats, blooms });
  }

  const ipc = tableToIPC(new Table(schema, batches), 'stream');
  const parquet = parquetWasm();
  const properties = writerProperties(parquet, options, planColumnEncodings(firstGroup, options.columnEncodings));
  const bytes = parquet.writeParquet(parquet.Table.fromIPCStream(ipc), properties);
  const chunks = await columnChunkRanges(bytes);
  if (chunks.length !== groups.length) throw new InvalidBatchError(`parquet writer made ${chunks.length} row groups, expected ${groups.length}`);
  return { bytes, rowCount, columns, rowGroups: groups.map((group, index) => ({ ...group, columnChunks: chunks[index] })) };
}

/**
 * Column-chunk byte ranges per row group, from the file's own metadata. The writer lays chunks
 * back to back after the 4-byte magic, row group by row group, in schema order; page indexes and
 * the footer follow them.
 */
async function columnChunkRanges(bytes: Uint8Array): Promise<Array<Record<string, ChunkRange>>> {
  const file = await parquetWasm().ParquetFile.fromFile(new Blob([bytes]));
  try {
    let offset = 4;
    return file
      .metadata()
      .rowGroups()
      .map((group) => {
        const ranges: Record<string, ChunkRange> = {};
        for (const chunk of group.columns()) {
          const length = chunk.compressedSize();
          ranges[chunk.columnPath().join('.')] = { offset, length };
          offset += length;
        }
        return ranges;
      });
  } finally {
    file.free();
  }
}

function writerProperties(parquet: ParquetWasm, options: ParquetWriteOptions, encodings: ReadonlyMap<string, ColumnEncoding>) {
  let builder = new parquet.WriterPropertiesBuilder()
    .setCompression(codecOf(parquet, options.compression))
    .setMaxRowGroupSize(options.rowGroupRows)
    .setWriterVersion(options.writerVersion === 2 ? parquet.WriterVersion.V2 : parquet.WriterVersion.V1)
    .setStatisticsEnabled(statisticsOf(parquet, options.parquetStatistics))
    .setCreatedBy('prism');
  for (const [column, encoding] of encodings) {
    if (encoding === 'dictionary') continue;
    // Explicit, since writer version 2 would otherwise pick delta encodings for these.
    const parquetEncoding = encoding === 'byte-stream-split' ? parquet.Encoding.BYTE_STREAM_SPLIT : parquet.Encoding.PLAIN;
    builder = builder.setColumnDictionaryEnabled(column, false).setColumnEncoding(column, parquetEncoding);
  }
  return builder.build();
}

function statisticsOf(parquet: ParquetWasm, statistics: ParquetWriteOptions['parquetStatistics']) {
  return { none: parquet.EnabledStatistics.None, chunk: parquet.EnabledStatistics.Chunk, page: parquet.EnabledStatistics.Page }[statistics];
}

function codecOf(parquet: ParquetWasm, compression: ParquetWriteOptions['compression']) {
  return compression === 'zstd' ? parquet.Compression.ZSTD : compression === 'snappy' ? parquet.Compression.SNAPPY : parquet.Compression.UNCOMPRESSED;
}

/** Union of the tables' columns in first-seen order, with their Prism types. */
function unionColumns(tables: readonly Table[]): Array<{ name: string; type: ColumnType }> {
  const types = new Map<string, ColumnType>();
  for (const table of tables) {
    for (const field of table.schema.fields) {
      const type = field.metadata.get(COLUMN_TYPE_METADATA_KEY) as ColumnType | undefined;
      if (type === undefined) throw new InvalidBatchError('column has no Prism type in its field metadata', field.name);
      const seen = types.get(field.name);
      if (seen !== undefined && seen !== type) throw new InvalidBatchError(`typed ${seen} in one table and ${type} in another`, field.name);
      types.set(field.name, type);
    }
  }
  return [...types].map(([name, type]) => ({ name, type }));
}

/** One column over all tables, as a multi-chunk vector (nulls where a table lacks it). */
function concatenated(tables: readonly Table[], name: string, type: ColumnType): Vector {
  const parts = tables.map((table) => table.getChild(name) ?? vectorOf(nullColumn(type, table.numRows)));
  return parts.slice(1).reduce((all, part) => all.concat(part), parts[0]);
}
