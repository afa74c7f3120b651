import { join } from 'node:path';
import { Field, RecordBatch, Schema, Struct, Table, makeData, type Vector } from 'apache-arrow';
import { COLUMN_TYPE_METADATA_KEY, type ColumnType } from '@prism/contract';
import { datasetDir, segmentPaths } from './disk-names';
import { nullColumn, vectorOf } from './encodings/column-values';
import { CorruptDataError } from './errors';
import { decodeBlock } from './format/block-format';
import { BlockBloom, type SavedBloom } from './format/bloom-index';
import type { BlockStats, SavedBlockStats } from './format/block-stats';
import { emptyManifest, type ManifestColumn, type ManifestCommit, type SegmentManifest } from './format/manifest';
import { statKey, type LookupValue } from './format/stat-keys';
import { assertSafeId } from './names';
import { readHeadManifest } from './segment/segment-state';
import { DirectorySegmentFiles, SegmentFile, type SegmentFileSource } from './segment/segment-files';
import { requireSegmentId } from './segment/segment-window';

/** Stats of one block of a column, by commit; null when the commit has no block for it. */
export interface CommitBlockStats {
  commit: number;
  stats: BlockStats | null;
}

/**
 * Reads one segment as of the HEAD it saw when opened. Blocks are immutable, so a reader is
 * unaffected by later commits. The bytes come from a {@link SegmentFileSource}: a hot segment
 * directory here, a sealed segment's object-store prefix in `openWarmSegmentReader`.
 *
 * @example
 * const reader = await openSegmentReader(root, 'acme', 'spans', '20231114T221000Z-300s');
 * const table = await reader.readColumns(['timestamp', 'name']);
 */
export class SegmentReader {
  private readonly statsByCommit = new Map<number, Promise<Record<string, SavedBlockStats>>>();
  private readonly valueSets = new Map<string, Set<string>>();
  private readonly blooms = new Map<string, BlockBloom>();

  constructor(
    private readonly files: SegmentFileSource,
    /** The manifest HEAD named when the reader was opened. */
    readonly manifest: SegmentManifest,
  ) {}

  get version(): number {
    return this.manifest.version;
  }

  get rowCount(): number {
    return this.manifest.commits.reduce((sum, commit) => sum + commit.rowCount, 0);
  }

  /** The segment's columns and their types. */
  columns(): Array<{ name: string; type: ColumnType }> {
    return this.manifest.columns.map(({ name, type }) => ({ name, type }));
  }

  /**
   * The chosen columns (all when omitted; unknown names are skipped) as a table with one record
   * batch per commit. Only those columns' blocks are read; commits from before a column existed
   * hold nulls there. With `commits`, only those commits' blocks are fetched and decoded (one
   * batch each, in segment order; unknown numbers are skipped): what block pruning leaves.
   */
  async readColumns(names?: readonly string[], options: ReadColumnsOptions = {}): Promise<Table> {
    const wanted = names === undefined ? this.manifest.columns : this.columnsNamed(names);
    const schema = new Schema(wanted.map((column) => fieldOf(column)));
    const chosen = options.commits === undefined ? undefined : new Set(options.commits);
    const commits = chosen === undefined ? this.manifest.commits : this.manifest.commits.filter((commit) => chosen.has(commit.number));
    const indexes = wanted.map((column) => this.manifest.columns.indexOf(column));
    const batches = await Promise.all(
      commits.map(async (commit) => {
        const blocks = await this.readBlocks(commit, indexes);
        const vectors = wanted.map((column, i) => {
          const block = blocks[i];
          if (block === undefined) return vectorOf(nullColumn(column.type, commit.rowCount));
          const values = decodeBlock(block.bytes, column.type, block.file);
          if (values.rowCount !== commit.rowCount) throw new CorruptDataError('block row count differs from manifest', block.file);
          return vectorOf(values);
        });
        return recordBatchOf(schema, vectors, commit.rowCount);
      }),
    );
    return new Table(schema, batches);
  }

  /** Only these commits' blocks of the chosen columns: `readColumns(names, { commits })`. */
  readCommits(names: readonly string[], commits: readonly number[]): Promise<Table> {
    return this.readColumns(names, { commits });
  }

  /** Per-commit stats of a column's blocks, for pruning. */
  async blockStats(column: string): Promise<CommitBlockStats[]> {
    return Promise.all(
      this.manifest.commits.map(async (commit) => {
        const saved = (await this.statsOf(commit.number))[column];
        if (saved === undefined) return { commit: commit.number, stats: null };
        const stats: BlockStats = { rowCount: saved.rowCount, nullCount: saved.nullCount, distinctCount: saved.distinctCount };
        if (saved.min !== undefined) stats.min = saved.min;
        if (saved.max !== undefined) stats.max = saved.max;
        if (saved.truncated !== undefined) stats.truncated = saved.truncated;
        return { commit: commit.number, stats };
      }),
    );
  }

  /**
   * Per commit, whether its block of `column` may hold `value`: false is certain, true may be a
   * Bloom false positive. Blocks without a filter answer true unless they hold only nulls.
   */
  async mightContain(column: string, value: LookupValue): Promise<boolean[]> {
    const type = this.manifest.columns.find((candidate) => candidate.name === column)?.type;
    if (type === undefined) return this.manifest.commits.map(() => false);
    const key = statKey(type, value);
    return Promise.all(
      this.manifest.commits.map(async (commit) => {
        const saved = (await this.statsOf(commit.number))[column];
        if (saved === undefined || saved.nullCount === saved.rowCount) return false;
        return saved.bloom === undefined ? true : this.bloomOf(commit.number, column, saved.bloom).mightContain(key);
      }),
    );
  }

  /**
   * Per commit, whether its block of string `column` holds `value`, from the distinct values the
   * writer lists in the stats of low-cardinality blocks (their dictionary): true or false is exact;
   * undefined means the block lists none (too many values, another type, or written before lists).
   * Commits without the column, or with only nulls there, answer false.
   */
  async dictionaryContains(column: string, value: string): Promise<Array<boolean | undefined>> {
    const type = this.manifest.columns.find((candidate) => candidate.name === column)?.type;
    if (type === undefined) return this.manifest.commits.map(() => false);
    return Promise.all(
      this.manifest.commits.map(async (commit) => {
        const saved = (await this.statsOf(commit.number))[column];
        if (saved === undefined || saved.nullCount === saved.rowCount) return false;
        return saved.values === undefined ? undefined : this.valueSetOf(commit.number, column, saved.values).has(value);
      }),
    );
  }

  /**
   * The blocks of the given columns (by index; undefined where the commit has none) of one commit.
   * Format 2 blocks lie back to back in one file: the wanted ones are fetched as few ranges,
   * neighbours merged when the bytes between them are small, so a read of most columns of a
   * commit is one read (one ranged get for a warm segment) rather than one per column.
   */
  private async readBlocks(commit: ManifestCommit, columnIndexes: readonly number[]): Promise<Array<{ file: string; bytes: Uint8Array } | undefined>> {
    const lengths = commit.blockLengths;
    if (lengths === undefined) {
      return Promise.all(
        columnIndexes.map(async (index) => {
          if (!commit.columns.includes(index)) return undefined;
          const path = SegmentFile.columnBlock(this.manifest.columns[index].dir, commit.number);
          return { file: this.files.locate(path), bytes: await this.files.read(path) };
        }),
      );
    }
    const path = SegmentFile.commitBlocks(commit.number);
    const file = this.files.locate(path);
    const offsets = blockOffsets(lengths);
    const positions = columnIndexes.map((index) => commit.columns.indexOf(index));
    const ranges = coalescedRanges(positions.filter((position) => position >= 0).map((position) => ({ offset: offsets[position], length: lengths[position] })));
    const fetched = await Promise.all(ranges.map((range) => this.files.readRange(path, range.offset, range.length)));
    return positions.map((position) => {
      if (position < 0) return undefined;
      const offset = offsets[position];
      const r = ranges.findIndex((range) => offset >= range.offset && offset < range.offset + range.length);
      const start = offset - ranges[r].offset;
      return { file, bytes: fetched[r].subarray(start, start + lengths[position]) };
    });
  }

  private columnsNamed(names: readonly string[]): ManifestColumn[] {
    const byName = new Map(this.manifest.columns.map((column) => [column.name, column]));
    return names.flatMap((name) => byName.get(name) ?? []);
  }

  private bloomOf(commit: number, column: string, saved: SavedBloom): BlockBloom {
    const key = `${commit}\u0000${column}`;
    let bloom = this.blooms.get(key);
    if (bloom === undefined) {
      bloom = BlockBloom.load(saved);
      this.blooms.set(key, bloom);
    }
    return bloom;
  }

  private valueSetOf(commit: number, column: string, values: readonly string[]): Set<string> {
    const key = `${commit}\u0000${column}`;
    let set = this.valueSets.get(key);
    if (set === undefined) {
      set = new Set(values);
      this.valueSets.set(key, set);
    }
    return set;
  }

  private statsOf(commit: number): Promise<Record<string, SavedBlockStats>> {
    let stats = this.statsByCommit.get(commit);
    if (stats === undefined) {
      const path = SegmentFile.stats(commit);
      const file = this.files.locate(path);
      stats = this.files.read(path).then((bytes) => {
        try {
          return (JSON.parse(new TextDecoder().decode(bytes)) as { columns: Record<string, SavedBlockStats> }).columns;
        } catch {
          throw new CorruptDataError('stats file is not JSON', file);
        }
      });
      this.statsByCommit.set(commit, stats);
    }
    return stats;
  }
}

/** Options of {@link SegmentReader.readColumns}. */
export interface ReadColumnsOptions {
  /** Commit numbers to read (the blocks that survived pruning); every commit when absent. */
  commits?: readonly number[];
}

/** Bytes between two wanted blocks read through rather than split into two reads. */
const MAX_RANGE_GAP_BYTES = 16 * 1024;

interface ByteRange {
  offset: number;
  length: number;
}

function blockOffsets(lengths: readonly number[]): number[] {
  const offsets = new Array<number>(lengths.length);
  let offset = 0;
  for (let i = 0; i < lengths.length; i++) {
    offsets[i] = offset;
    offset += lengths[i];
  }
  return offsets;
}

/**
 * Ranges sorted and merged where the gap between them is at most {@link MAX_RANGE_GAP_BYTES} and
 * no larger than the wanted bytes on both sides, so reading through never more than doubles them.
 */
function coalescedRanges(blocks: readonly ByteRange[]): ByteRange[] {
  const sorted = [...blocks].sort((a, b) => a.offset - b.offset);
  const merged: Array<ByteRange & { wanted: number }> = [];
  for (const block of sorted) {
    const last = merged[merged.length - 1];
    const gap = last === undefined ? 0 : block.offset - (last.offset + last.length);
    if (last !== undefined && gap <= MAX_RANGE_GAP_BYTES && gap <= last.wanted + block.length) {
      last.wanted += block.length;
      last.length = Math.max(last.length, block.offset + block.length - last.offset);
    } else {
      merged.push({ ...block, wanted: block.length });
    }
  }
  return merged;
}

/** Opens a segment for reading at its current HEAD; a segment with no commit reads as empty. */
export async function openSegmentReader(root: string, tenantId: string, dataset: string, segmentId: string): Promise<SegmentReader> {
  assertSafeId('tenant', tenantId);
  assertSafeId('dataset', dataset);
  const window = requireSegmentId(segmentId);
  const paths = segmentPaths(join(datasetDir(root, tenantId, dataset), segmentId));
  const manifest = await readHeadManifest(paths);
  return new SegmentReader(new DirectorySegmentFiles(paths.dir), manifest ?? emptyManifest(tenantId, dataset, segmentId, window.startNs, window.endNs));
}

function fieldOf(column: ManifestColumn): Field {
  const type = vectorOf(nullColumn(column.type, 0)).type;
  return new Field(column.name, type, true, new Map([[COLUMN_TYPE_METADATA_KEY, column.type]]));
}

function recordBatchOf(schema: Schema, vectors: Vector[], rowCount: number): RecordBatch {
  const children = vectors.map((vector) => vector.data[0]);
  const data = makeData({ type: new Struct(schema.fields), length: rowCount, nullCount: 0, children });
  return new RecordBatch(schema, data);
}
