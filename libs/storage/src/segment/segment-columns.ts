import { TYPE_VARIANT_SEPARATOR, type ColumnType } from '@prism/contract';
import { textAt, type ColumnValues } from '../encodings/column-values';
import type { BlockInfo } from '../format/block-format';
import type { ComputedStats } from '../format/block-stats';
import type { ManifestColumn } from '../format/manifest';
import { columnDirName } from '../names';

/** The column types a batch's field metadata may name. */
export const COLUMN_TYPES = new Set<string>(['string', 'int64', 'double', 'bool', 'bytes', 'json']);

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
  /** Distinct values of the trace-id column (lower-case hex), for the catalog's trace hints. */
  traceIds: string[];
}

/** Most distinct values a block's stats list (its dictionary, in effect). */
export const MAX_STATS_VALUES = 64;
/** Most UTF-16 units of listed values per block, so stats stay small. */
export const MAX_STATS_VALUES_LENGTH = 4096;

/**
 * The distinct values of a string block with few of them (service, span name, low-cardinality
 * tags), or undefined. Readers answer "is value v in this block" exactly from them, which min/max
 * cannot do once a block holds values on both sides of v.
 */
export function smallValueSet(values: ColumnValues, stats: ComputedStats): string[] | undefined {
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

/**
 * The index of the segment column a batch column goes to, adding it (to `columns`, `byName`,
 * `usedDirs` and `newColumns`) at first sight.
 */
export function placeColumn(
  batchName: string,
  type: ColumnType,
  columns: ManifestColumn[],
  byName: Map<string, number>,
  usedDirs: Set<string>,
  newColumns: ManifestColumn[],
): number {
  const name = segmentColumnName(batchName, type, columns, byName);
  const known = byName.get(name);
  if (known !== undefined) return known;
  const column: ManifestColumn = { name, type, dir: uniqueDir(columnDirName(name), usedDirs) };
  const columnIndex = columns.push(column) - 1;
  byName.set(name, columnIndex);
  usedDirs.add(column.dir);
  newColumns.push(column);
  return columnIndex;
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
