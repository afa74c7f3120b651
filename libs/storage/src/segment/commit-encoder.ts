import { BaseColumn, COLUMN_TYPE_METADATA_KEY, TYPE_VARIANT_SEPARATOR, type ColumnIndexing, type ColumnType, type RowBatch } from '@prism/contract';
import { columnValuesOf } from '../encodings/arrow-gather';
import { denseLength, textAt, type ColumnValues } from '../encodings/column-values';
import { chooseEncoding } from '../encodings/encoding-registry';
import { InvalidBatchError } from '../errors';
import { encodeBlock, type BlockInfo } from '../format/block-format';
import { computeBlockStats, type ComputedStats } from '../format/block-stats';
import { defaultCompressionFor } from '../format/compression';
import type { ManifestColumn } from '../format/manifest';
import { columnDirName } from '../names';

const COLUMN_TYPES = new Set<string>(['string', 'int64', 'double', 'bool', 'bytes', 'json']);

/** One column block ready to be written. */
export interface EncodedBlock {
  column: ManifestColumn;
  /** Index of the column in the segment's column list. */
  columnIndex: number;
  bytes: Uint8Array;
  info: BlockInfo;
  stats: ComputedStats;
  /** Every distinct value of a low-cardinality string block, saved in its stats for dictionary pruning. */
  distinctValues?: string[];
}

/** A commit's blocks, computed in memory before any file is written. */
export interface EncodedCommit {
  /** The segment's columns after this commit (existing ones first, in order). */
  columns: ManifestColumn[];
  /** Columns this commit adds to the segment. */
  newColumns: ManifestColumn[];
  blocks: EncodedBlock[];
  rowCount: number;
  minTimestampNs: bigint;
  maxTimestampNs: bigint;
  /** Distinct trace ids of the commit (hex for bytes ids), for the catalog's trace hints. */
  traceIds: string[];
}

/**
 * Encodes rows `rows` of a batch as one block per column. A column's type is fixed in a segment at
 * first sight; a later value of another type goes to `<name>#<type>`, as the row model does.
 */
export function encodeCommit(
  batch: RowBatch,
  rows: number[] | undefined,
  existing: readonly ManifestColumn[],
  indexing: ColumnIndexing,
): EncodedCommit {
  const columns = [...existing];
  const byName = new Map(columns.map((column, index) => [column.name, index]));
  const usedDirs = new Set(columns.map((column) => column.dir));
  const newColumns: ManifestColumn[] = [];
  const blocks: EncodedBlock[] = [];
  const placed = new Set<number>();
  const dictionary = new Set(indexing.dictionary);
  const bloom = new Set(indexing.bloom);
  let minTimestampNs = 0n;
  let maxTimestampNs = 0n;
  let traceIds: string[] = [];

  for (const field of batch.schema.fields) {
    const type = field.metadata.get(COLUMN_TYPE_METADATA_KEY);
    if (type === undefined || !COLUMN_TYPES.has(type)) throw new InvalidBatchError(`unknown column type ${String(type)}`, field.name);
    const columnType = type as ColumnType;
    const name = segmentColumnName(field.name, columnType, columns, byName);
    let columnIndex = byName.get(name);
    if (columnIndex === undefined) {
      const column: ManifestColumn = { name, type: columnType, dir: uniqueDir(columnDirName(name), usedDirs) };
      columnIndex = columns.push(column) - 1;
      byName.set(name, columnIndex);
      usedDirs.add(column.dir);
      newColumns.push(column);
    }
    if (placed.has(columnIndex)) throw new InvalidBatchError('two batch columns map to one segment column', name);
    placed.add(columnIndex);
    const column = columns[columnIndex];
    const vector = batch.getChild(field.name);
    if (vector === null) throw new InvalidBatchError('column listed in the schema has no data', field.name);
    const values = columnValuesOf(vector, columnType, rows, field.name);
    const stats = computeBlockStats(values, { bloom: bloom.has(name), keys: name === BaseColumn.traceId });
    const encoding = chooseEncoding(columnType, {
      dictionary: dictionary.has(name),
      distinctCount: stats.stats.distinctCount,
      valueCount: denseLength(values.dense),
    });
    const { bytes, info } = encodeBlock(values, encoding, defaultCompressionFor(columnType), stats.distinct);
    const distinctValues = columnType === 'string' ? smallValueSet(values, stats) : undefined;
    blocks.push({ column, columnIndex, bytes, info, stats, ...(distinctValues === undefined ? {} : { distinctValues }) });
    if (name === BaseColumn.timestamp && columnType === 'int64') {
      minTimestampNs = BigInt(stats.stats.min ?? '0');
      maxTimestampNs = BigInt(stats.stats.max ?? '0');
    }
    if (name === BaseColumn.traceId) traceIds = stats.distinctKeys ?? [];
  }
  const rowCount = rows === undefined ? batch.numRows : rows.length;
  return { columns, newColumns, blocks, rowCount, minTimestampNs, maxTimestampNs, traceIds };
}

/** Most distinct values a block's stats list (its dictionary, in effect). */
export const MAX_STATS_VALUES = 64;
/** Most UTF-16 units of listed values per block, so stats stay small. */
const MAX_STATS_VALUES_LENGTH = 4096;

/**
 * The distinct values of a string block with few of them (service, span name, low-cardinality
 * tags), or undefined. Readers answer "is value v in this block" exactly from them, which min/max
 * cannot do once a block holds values on both sides of v.
 */
function smallValueSet(values: ColumnValues, stats: ComputedStats): string[] | undefined {
  const dense = values.dense;
  const distinct = stats.distinct;
  if (distinct === undefined || dense.type !== 'string' || distinct.count > MAX_STATS_VALUES) return undefined;
  const list: string[] = [];
  let length = 0;
  for (const index of distinct.firsts) {
    const text = textAt(dense, index);
    length += text.length;
    if (length > MAX_STATS_VALUES_LENGTH) return undefined;
    list.push(text);
  }
  return list;
}

function segmentColumnName(name: string, type: ColumnType, columns: ManifestColumn[], byName: Map<string, number>): string {
  const index = byName.get(name);
  if (index === undefined || columns[index].type === type) return name;
  return name + TYPE_VARIANT_SEPARATOR + type;
}

function uniqueDir(dir: string, used: Set<string>): string {
  if (!used.has(dir)) return dir;
  let suffix = 2;
  while (used.has(`${dir}~${suffix}`)) suffix++;
  return `${dir}~${suffix}`;
}
