import type { ColumnType } from '@prism/contract';
import { CorruptDataError } from '../errors';
import { BLOCK_FORMAT_VERSION, READABLE_BLOCK_FORMAT_VERSIONS } from './block-format';

/**
 * Version of the manifest JSON layout. Readers refuse versions they do not know.
 * 1: one file per column block (`columns/<dir>/blocks/<commit>.blk`).
 * 2: commits list `blockLengths`: all of a commit's column blocks in one file (`blocks/<commit>.blk`),
 *    in `columns` order, back to back; commits without `blockLengths` (written under version 1) keep the per-column files.
 */
export const MANIFEST_FORMAT_VERSION = 2;
const READABLE_MANIFEST_VERSIONS = [1, 2];
const COLUMN_TYPES: readonly ColumnType[] = ['string', 'int64', 'double', 'bool', 'bytes', 'json'];

/** A column of a segment: its name, its type (fixed at first sight) and its directory name. */
export interface ManifestColumn {
  name: string;
  type: ColumnType;
  dir: string;
}

/**
 * One published commit. With `blockLengths`, its column blocks lie back to back in
 * `blocks/<number>.blk` in `columns` order; without (format 1), each listed column has `columns/<dir>/blocks/<number>.blk`.
 */
export interface ManifestCommit {
  number: number;
  rowCount: number;
  /** Bytes of blocks and stats written by this commit. */
  bytes: number;
  minTimestampNs: string;
  maxTimestampNs: string;
  /** Indexes into `columns` of the columns that have a block in this commit. */
  columns: number[];
  /** Byte length of each listed column's block, parallel to `columns` (kept short: every manifest repeats it). */
  blockLengths?: number[];
}

/**
 * `manifest/<version>.json`: the whole state of a segment after commit `version`. HEAD names the
 * current one; a manifest is never changed once written.
 */
export interface SegmentManifest {
  formatVersion: number;
  blockFormatVersion: number;
  tenantId: string;
  dataset: string;
  segmentId: string;
  windowStartNs: string;
  windowEndNs: string;
  version: number;
  columns: ManifestColumn[];
  commits: ManifestCommit[];
}

/** The manifest of a segment nothing was committed to yet. */
export function emptyManifest(tenantId: string, dataset: string, segmentId: string, startNs: bigint, endNs: bigint): SegmentManifest {
  return {
    formatVersion: MANIFEST_FORMAT_VERSION,
    blockFormatVersion: BLOCK_FORMAT_VERSION,
    tenantId,
    dataset,
    segmentId,
    windowStartNs: String(startNs),
    windowEndNs: String(endNs),
    version: 0,
    columns: [],
    commits: [],
  };
}

/** Parses and checks a manifest file; anything unexpected is a {@link CorruptDataError}. */
export function parseManifest(text: string, file: string): SegmentManifest {
  let value: SegmentManifest;
  try {
    value = JSON.parse(text) as SegmentManifest;
  } catch {
    throw new CorruptDataError('manifest is not JSON', file);
  }
  if (!READABLE_MANIFEST_VERSIONS.includes(value?.formatVersion)) {
    throw new CorruptDataError(`unsupported manifest format version ${String(value?.formatVersion)}`, file);
  }
  if (!READABLE_BLOCK_FORMAT_VERSIONS.includes(value.blockFormatVersion)) {
    throw new CorruptDataError(`unsupported block format version ${String(value.blockFormatVersion)}`, file);
  }
  const valid =
    Number.isInteger(value.version) &&
    Array.isArray(value.columns) &&
    Array.isArray(value.commits) &&
    value.columns.every((column) => typeof column.name === 'string' && typeof column.dir === 'string' && COLUMN_TYPES.includes(column.type)) &&
    value.commits.every(
      (commit) =>
        Number.isInteger(commit.number) &&
        Array.isArray(commit.columns) &&
        commit.columns.every((index) => index >= 0 && index < value.columns.length) &&
        (commit.blockLengths === undefined ||
          (Array.isArray(commit.blockLengths) &&
            commit.blockLengths.length === commit.columns.length &&
            commit.blockLengths.every((length) => Number.isInteger(length) && length >= 0))),
    );
  if (!valid) throw new CorruptDataError('manifest has an unexpected shape', file);
  return value;
}

/** Manifest bytes as written to disk. */
export function serializeManifest(manifest: SegmentManifest): string {
  return JSON.stringify(manifest);
}
