import { join } from 'node:path';
import { Field, RecordBatch, Schema, Struct, Table, makeData, type Vector } from 'apache-arrow';
import { COLUMN_TYPE_METADATA_KEY, type ColumnType } from '@prism/contract';
import { datasetDir, segmentPaths } from './disk-names';
import { nullColumn, vectorOf } from './encodings/column-values';
import { CorruptDataError } from './errors';
import { decodeBlock } from './format/block-format';
import { BlockBloom } from './format/bloom-index';
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
   * hold nulls there.
   */
  async readColumns(names?: readonly string[]): Promise<Table> {
    const wanted = names === undefined ? this.manifest.columns : this.columnsNamed(names);
    const schema = new Schema(wanted.map((column) => fieldOf(column)));
    const batches = await Promise.all(
      this.manifest.commits.map(async (commit) => {
        const vectors = await Promise.all(
          wanted.map(async (column) => {
            const index = this.manifest.columns.indexOf(column);
            if (!commit.columns.includes(index)) return vectorOf(nullColumn(column.type, commit.rowCount));
            const { file, bytes } = await this.readBlock(commit, index, column);
            const values = decodeBlock(bytes, column.type, file);
            if (values.rowCount !== commit.rowCount) throw new CorruptDataError('block row count differs from manifest', file);
            return vectorOf(values);
          }),
        );
        return recordBatchOf(schema, vectors, commit.rowCount);
      }),
    );
    return new Table(schema, batches);
  }

  /** Per-commit stats of a column's blocks, for pruning. */
  async blockStats(column: string): Promise<CommitBlockStats[]> {
    return Promise.all(
      this.manifest.commits.map(async (commit) => {
        const saved = (await this.statsOf(commit.number))[column];
        if (saved === undefined) return { commit: commit.number, stats: null };
        const stats: BlockStats = { ...saved };
        delete (stats as SavedBlockStats).bloom;
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
        return saved.bloom === undefined ? true : BlockBloom.load(saved.bloom).mightContain(key);
      }),
    );
  }

  /** A column's block of a commit: a range of the commit block file, or its own file (format 1). */
  private async readBlock(commit: ManifestCommit, columnIndex: number, column: ManifestColumn): Promise<{ file: string; bytes: Uint8Array }> {
    if (commit.blockLengths === undefined) {
      const path = SegmentFile.columnBlock(column.dir, commit.number);
      return { file: this.files.locate(path), bytes: await this.files.read(path) };
    }
    const path = SegmentFile.commitBlocks(commit.number);
    const position = commit.columns.indexOf(columnIndex);
    if (position < 0) throw new CorruptDataError(`no block for column ${column.name}`, this.files.locate(path));
    let offset = 0;
    for (let i = 0; i < position; i++) offset += commit.blockLengths[i];
    return { file: this.files.locate(path), bytes: await this.files.readRange(path, offset, commit.blockLengths[position]) };
  }

  private columnsNamed(names: readonly string[]): ManifestColumn[] {
    const byName = new Map(this.manifest.columns.map((column) => [column.name, column]));
    return names.flatMap((name) => byName.get(name) ?? []);
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
