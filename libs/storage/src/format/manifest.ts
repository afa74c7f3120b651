import type { ColumnType } from '@prism/contract';
import { CorruptDataError } from '../errors';
import { BLOCK_FORMAT_VERSION, READABLE_BLOCK_FORMAT_VERSIONS } from './block-format';

/**
 * Version of the manifest JSON layout. Readers refuse versions they do not know.
 * 1: one file per column block (`columns/<dir>/blocks/<commit>.blk`).
 * 2: commits list `blockLengths`: all of a commit's column blocks in one file (`blocks/<commit>.blk`),
 *    in `columns` order, back to back; commits without `blockLengths` (written under version 1) keep the per-column files.
 * 3: a manifest file may be a delta: with `base`, it lists only the commits after `base`, and
 *    `manifest/<base>.json` (a whole manifest) holds the earlier ones. Writing the whole commit list
 *    at every commit cost time quadratic in the commits of a segment.
 */
export const MANIFEST_FORMAT_VERSION = 3;
const READABLE_MANIFEST_VERSIONS = [1, 2, 3];
/** A writer writes a whole manifest (a checkpoint) at least every this many commits, deltas between. */
export const MANIFEST_CHECKPOINT_INTERVAL = 64;
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
  /** Every published commit (after loading, whatever the file held; see {@link loadManifest}). */
  commits: ManifestCommit[];
  /**
   * Set when this version's file is a delta: the version of the whole manifest holding the commits
   * up to it. A reader needs both files (see `filesReferencedBy`).
   */
  base?: number;
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
        (value.base === undefined || commit.number > value.base) &&
        Array.isArray(commit.columns) &&
        commit.columns.every((index) => index >= 0 && index < value.columns.length) &&
        (commit.blockLengths === undefined ||
          (Array.isArray(commit.blockLengths) &&
            commit.blockLengths.length === commit.columns.length &&
            commit.blockLengths.every((length) => Number.isInteger(length) && length >= 0))),
    );
  const baseValid = value.base === undefined || (value.formatVersion >= 3 && Number.isInteger(value.base) && value.base >= 1 && value.base < value.version);
  if (!valid || !baseValid) throw new CorruptDataError('manifest has an unexpected shape', file);
  return value;
}

/**
 * Reads manifest `version` with `read(version)` (the file's text) and, when it is a delta, its
 * base, returning the whole segment state: the base's commits followed by the delta's.
 */
export async function loadManifest(version: number, read: (version: number) => Promise<{ text: string; file: string }>): Promise<SegmentManifest> {
  const head = await read(version);
  const manifest = parseManifest(head.text, head.file);
  if (manifest.version !== version) throw new CorruptDataError(`manifest says version ${manifest.version}`, head.file);
  if (manifest.base === undefined) return manifest;
  const baseFile = await read(manifest.base);
  const base = parseManifest(baseFile.text, baseFile.file);
  if (base.version !== manifest.base || base.base !== undefined)
    throw new CorruptDataError(`base manifest ${manifest.base} is not a whole manifest of that version`, baseFile.file);
  return { ...manifest, commits: [...base.commits, ...manifest.commits] };
}

/**
 * Manifest bytes as written to disk: the whole manifest, or with `base` (a version whose file is
 * whole) only the commits after it.
 */
export function serializeManifest(manifest: SegmentManifest, base?: number): string {
  const whole: SegmentManifest = { ...manifest };
  delete whole.base;
  if (base === undefined) return JSON.stringify(whole);
  return JSON.stringify({ ...whole, base, commits: manifest.commits.filter((commit) => commit.number > base) });
}
