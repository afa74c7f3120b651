import { BaseColumn, COLUMN_TYPE_METADATA_KEY, type ColumnIndexing, type ColumnType, type RowBatch } from '@prism/contract';
import { columnValuesOf } from '../encodings/arrow-gather';
import { denseLength, nullColumn } from '../encodings/column-values';
import { chooseEncoding } from '../encodings/encoding-registry';
import { InvalidBatchError } from '../errors';
import { encodeBlock, joinBlockChunks } from '../format/block-format';
import { computeBlockStats, type BlockStats, type ComputedStats } from '../format/block-stats';
import { BlockBloom } from '../format/bloom-index';
import { defaultCompressionFor, noCompression } from '../format/compression';
import type { ManifestColumn } from '../format/manifest';
import { COLUMN_TYPES, MAX_STATS_VALUES, MAX_STATS_VALUES_LENGTH, placeColumn, smallValueSet, type EncodedBlock, type EncodedCommit } from './segment-columns';
import { partitionByWindow } from './batch-partition';
import type { SegmentWindow } from './segment-window';

/**
 * One column of one request's rows in one window, encoded as a block chunk: the expensive part of
 * a commit (gathering, stats, encoding, compression), done where the request was eventized.
 * Chunks of several requests join into one block per column by concatenation (see `block-format`).
 */
export interface EncodedChunk {
  /** The row batch's column name (the segment may name it `<name>#<type>` on a type clash). */
  name: string;
  type: ColumnType;
  bytes: Uint8Array;
  encoding: string;
  compression: string;
  stats: BlockStats;
  /** Every distinct value of a low-cardinality string chunk (see `smallValueSet`). */
  values?: string[];
  /** Every distinct non-null value as a stat key, for Bloom-filtered columns and the trace-id column. */
  keys?: string[];
}

/** A request's rows that fall into one segment window, encoded. */
export interface EncodedWindowRows {
  window: SegmentWindow;
  rowCount: number;
  minTimestampNs: bigint;
  maxTimestampNs: bigint;
  chunks: EncodedChunk[];
}

/** A request's rows, encoded per segment window: what ingest hands the hot store. */
export interface EncodedRows {
  rowCount: number;
  windows: EncodedWindowRows[];
}

/** What encoding needs to know about the hot store: its window length and the indexing of the rows' dataset. */
export interface RowEncodingOptions {
  segmentDurationMs: number;
  indexing: ColumnIndexing;
}

/**
 * Encodes a batch's rows per segment window, one chunk per column. Pure and thread-safe: ingest
 * runs it on worker threads and posts the result (see {@link transferListOf}).
 */
export function encodeRows(batch: RowBatch, options: RowEncodingOptions): EncodedRows {
  const windows = partitionByWindow(batch, options.segmentDurationMs).map(({ window, rows }) => ({ window, ...encodeChunks(batch, rows, options.indexing) }));
  return { rowCount: batch.numRows, windows };
}

/** Rows `rows` of a batch (all when undefined), one chunk per column. */
export function encodeChunks(batch: RowBatch, rows: number[] | undefined, indexing: ColumnIndexing): Omit<EncodedWindowRows, 'window'> {
  const dictionary = new Set(indexing.dictionary);
  const bloom = new Set(indexing.bloom);
  const chunks: EncodedChunk[] = [];
  let minTimestampNs = 0n;
  let maxTimestampNs = 0n;
  for (const field of batch.schema.fields) {
    const type = field.metadata.get(COLUMN_TYPE_METADATA_KEY);
    if (type === undefined || !COLUMN_TYPES.has(type)) throw new InvalidBatchError(`unknown column type ${String(type)}`, field.name);
    const columnType = type as ColumnType;
    const vector = batch.getChild(field.name);
    if (vector === null) throw new InvalidBatchError('column listed in the schema has no data', field.name);
    const values = columnValuesOf(vector, columnType, rows, field.name);
    const wantKeys = bloom.has(field.name) || field.name === indexing.traceIdColumn;
    const stats = computeBlockStats(values, { bloom: false, keys: wantKeys });
    const encoding = chooseEncoding(columnType, {
      dictionary: dictionary.has(field.name),
      distinctCount: stats.stats.distinctCount,
      valueCount: denseLength(values.dense),
    });
    const { bytes, info } = encodeBlock(values, encoding, defaultCompressionFor(columnType), stats.distinct);
    const chunk: EncodedChunk = { name: field.name, type: columnType, bytes, encoding: info.encoding, compression: info.compression, stats: stats.stats };
    const small = columnType === 'string' ? smallValueSet(values, stats) : undefined;
    if (small !== undefined) chunk.values = small;
    if (wantKeys && stats.distinctKeys !== undefined) chunk.keys = stats.distinctKeys;
    chunks.push(chunk);
    if (field.name === BaseColumn.timestamp && columnType === 'int64') {
      minTimestampNs = BigInt(stats.stats.min ?? '0');
      maxTimestampNs = BigInt(stats.stats.max ?? '0');
    }
  }
  return { rowCount: rows === undefined ? batch.numRows : rows.length, minTimestampNs, maxTimestampNs, chunks };
}

/** The buffers of encoded rows, to move (not copy) them to another thread with `postMessage`. */
export function transferListOf(rows: EncodedRows): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const window of rows.windows) for (const chunk of window.chunks) buffers.add(chunk.bytes.buffer as ArrayBuffer);
  return [...buffers];
}

/**
 * Joins several requests' rows of one window into one commit for a segment whose columns are
 * `existing`: per column, the requests' chunks in order (a null chunk for a request without the
 * column), and stats merged from theirs. Type clashes get `<name>#<type>` as in `encodeCommit`.
 */
export function mergeEncodedWindows(
  parts: readonly Omit<EncodedWindowRows, 'window'>[],
  existing: readonly ManifestColumn[],
  indexing: ColumnIndexing,
): EncodedCommit {
  const columns = [...existing];
  const byName = new Map(columns.map((column, index) => [column.name, index]));
  const usedDirs = new Set(columns.map((column) => column.dir));
  const newColumns: ManifestColumn[] = [];
  // Per segment column index: each part's chunk (undefined where the part lacks the column).
  const chunksByColumn = new Map<number, (EncodedChunk | undefined)[]>();
  parts.forEach((part, partIndex) => {
    const placed = new Set<number>();
    for (const chunk of part.chunks) {
      const columnIndex = placeColumn(chunk.name, chunk.type, columns, byName, usedDirs, newColumns);
      if (placed.has(columnIndex)) throw new InvalidBatchError('two batch columns map to one segment column', columns[columnIndex].name);
      placed.add(columnIndex);
      let perPart = chunksByColumn.get(columnIndex);
      if (perPart === undefined) {
        perPart = new Array<EncodedChunk | undefined>(parts.length);
        chunksByColumn.set(columnIndex, perPart);
      }
      perPart[partIndex] = chunk;
    }
  });
  const bloom = new Set(indexing.bloom);
  const blocks: EncodedBlock[] = [];
  let traceIds: string[] = [];
  for (const [columnIndex, perPart] of chunksByColumn) {
    const column = columns[columnIndex];
    const pieces = parts.map((part, index) => perPart[index] ?? nullChunk(column.type, part.rowCount));
    const bytes = joinBlockChunks(pieces.map((piece) => piece.bytes));
    const values = column.type === 'string' ? mergeValueSets(pieces) : undefined;
    const stats = mergeChunkStats(column.type, pieces, bloom.has(column.name), values);
    blocks.push({
      column,
      columnIndex,
      bytes,
      info: { encoding: commonOr(pieces, 'encoding'), compression: commonOr(pieces, 'compression'), rowCount: stats.stats.rowCount, bytes: bytes.length },
      stats,
      ...(values === undefined ? {} : { distinctValues: values }),
    });
    if (column.name === indexing.traceIdColumn) traceIds = stats.distinctKeys ?? [];
  }
  let minTimestampNs = parts[0]?.minTimestampNs ?? 0n;
  let maxTimestampNs = parts[0]?.maxTimestampNs ?? 0n;
  let rowCount = 0;
  for (const part of parts) {
    if (part.minTimestampNs < minTimestampNs) minTimestampNs = part.minTimestampNs;
    if (part.maxTimestampNs > maxTimestampNs) maxTimestampNs = part.maxTimestampNs;
    rowCount += part.rowCount;
  }
  return { columns, newColumns, blocks, rowCount, minTimestampNs, maxTimestampNs, traceIds };
}

/** A chunk of `rowCount` nulls, for a request that did not have a column its group has. */
function nullChunk(type: ColumnType, rowCount: number): EncodedChunk {
  const values = nullColumn(type, rowCount);
  const encoding = chooseEncoding(type, { dictionary: false, distinctCount: 0, valueCount: 0 });
  const { bytes, info } = encodeBlock(values, encoding, noCompression);
  return {
    name: '',
    type,
    bytes,
    encoding: info.encoding,
    compression: info.compression,
    stats: { rowCount, nullCount: rowCount, distinctCount: 0 },
    values: [],
    keys: [],
  };
}

function commonOr(pieces: readonly EncodedChunk[], field: 'encoding' | 'compression'): string {
  const first = pieces[0][field];
  return pieces.every((piece) => piece[field] === first) ? first : 'mixed';
}

/**
 * Stats of a block joined from chunks. Counts add up; min/max are the extremes of the chunks'
 * (text ones may be truncated bounds, which stay bounds); the distinct count is exact when the
 * chunks listed their values or keys, and otherwise the sum of theirs, an upper bound.
 */
function mergeChunkStats(type: ColumnType, pieces: readonly EncodedChunk[], withBloom: boolean, valueSet: string[] | undefined): ComputedStats {
  let rowCount = 0;
  let nullCount = 0;
  let distinctSum = 0;
  let min: string | undefined;
  let max: string | undefined;
  let unboundedMax = false;
  let truncated = false;
  let keys: Set<string> | undefined = new Set();
  for (const piece of pieces) {
    const stats = piece.stats;
    rowCount += stats.rowCount;
    nullCount += stats.nullCount;
    distinctSum += stats.distinctCount;
    if (stats.truncated) truncated = true;
    if (stats.distinctCount > 0 && stats.max === undefined && type !== 'double') unboundedMax = true;
    if (stats.min !== undefined && (min === undefined || compareStat(type, stats.min, min) < 0)) min = stats.min;
    if (stats.max !== undefined && (max === undefined || compareStat(type, stats.max, max) > 0)) max = stats.max;
    if (keys !== undefined && piece.keys !== undefined) for (const key of piece.keys) keys.add(key);
    else keys = undefined;
  }
  const distinctCount = keys !== undefined ? keys.size : valueSet !== undefined ? valueSet.length : Math.min(distinctSum, rowCount - nullCount);
  const stats: BlockStats = { rowCount, nullCount, distinctCount };
  if (min !== undefined) stats.min = min;
  if (max !== undefined && !unboundedMax) stats.max = max;
  if (truncated) stats.truncated = true;
  const computed: ComputedStats = { stats };
  if (keys !== undefined) {
    const distinctKeys = [...keys];
    computed.distinctKeys = distinctKeys;
    if (withBloom) computed.bloom = BlockBloom.of(distinctKeys, distinctKeys.length);
  }
  return computed;
}

/** The union of the chunks' small value sets, when every chunk has one and the union stays small. */
function mergeValueSets(pieces: readonly EncodedChunk[]): string[] | undefined {
  if (pieces.length === 1) return pieces[0].values;
  const union = new Set<string>();
  let length = 0;
  for (const piece of pieces) {
    if (piece.values === undefined) return undefined;
    for (const value of piece.values) {
      if (union.has(value)) continue;
      union.add(value);
      length += value.length;
      if (union.size > MAX_STATS_VALUES || length > MAX_STATS_VALUES_LENGTH) return undefined;
    }
  }
  return union.size === 0 && pieces.every((piece) => piece.stats.distinctCount === 0) ? [] : [...union];
}

/** Orders two stat texts of a column type as their values order (see `BlockStats`). */
function compareStat(type: ColumnType, a: string, b: string): number {
  switch (type) {
    case 'int64': {
      const [x, y] = [BigInt(a), BigInt(b)];
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 'double':
      return Number(a) - Number(b);
    default:
      return a < b ? -1 : a > b ? 1 : 0;
  }
}
