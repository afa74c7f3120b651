import type { ParquetFile, ParquetRowGroup } from '@prism/catalog';
import { BlockBloom, statKey, type BlockStats, type CommitBlockStats, type LookupValue, type ParquetObjectReader, type SavedBloom } from '@prism/storage';
import type { ColumnType } from '@prism/contract';
import type { Table } from 'apache-arrow';
import type { QuerySegment } from '../../segment/query-segment';

/**
 * One Parquet part as a query segment: its row groups play the part of commits, with stats and
 * Bloom filters from the catalog (no object-store read to prune), and `readCommits` fetches only
 * the chosen row groups' chunks of the chosen columns with ranged gets.
 */
export class ColdParquetSegment implements QuerySegment {
  readonly manifest: QuerySegment['manifest'];
  private readonly types: Map<string, ColumnType>;
  private readonly blooms = new Map<string, BlockBloom | null>();

  constructor(
    readonly file: ParquetFile,
    private readonly rowGroups: readonly ParquetRowGroup[],
    private readonly reader: ParquetObjectReader,
  ) {
    this.manifest = { commits: rowGroups.map((group) => ({ number: group.index, rowCount: group.rowCount })) };
    this.types = new Map(file.columns.map(({ name, type }) => [name, type]));
  }

  columns(): Array<{ name: string; type: ColumnType }> {
    return this.file.columns.map(({ name, type }) => ({ name, type }));
  }

  async blockStats(column: string): Promise<CommitBlockStats[]> {
    if (!this.types.has(column)) return this.rowGroups.map((group) => ({ commit: group.index, stats: null }));
    return this.rowGroups.map((group) => {
      // A column without kept stats may hold anything: rows all non-null, no bounds.
      const stats: BlockStats = group.stats[column] ?? { rowCount: group.rowCount, nullCount: 0, distinctCount: group.rowCount };
      return { commit: group.index, stats };
    });
  }

  async mightContain(column: string, value: LookupValue): Promise<boolean[]> {
    const type = this.types.get(column);
    if (type === undefined) return this.rowGroups.map(() => false);
    const key = statKey(type, value);
    return this.rowGroups.map((group) => {
      const stats = group.stats[column];
      if (stats !== undefined && stats.nullCount === stats.rowCount) return false;
      const bloom = this.bloomOf(group, column);
      return bloom === null ? true : bloom.mightContain(key);
    });
  }

  /** Parts carry no per-row-group value lists (min/max and Bloom only): every answer is unknown. */
  async dictionaryContains(): Promise<Array<boolean | undefined>> {
    return this.rowGroups.map(() => undefined);
  }

  /** Only these row groups (by index), only these columns: ranged gets of their column chunks. */
  async readCommits(names: readonly string[], rowGroups: readonly number[]): Promise<Table> {
    return this.reader.read({ rowGroups, columns: names.filter((name) => this.types.has(name)) });
  }

  /** Bytes fetched from the object store through this file's reader so far. */
  fetchedBytes(): number {
    return this.reader.fetched.bytes;
  }

  private bloomOf(group: ParquetRowGroup, column: string): BlockBloom | null {
    const cacheKey = `${group.index}\u0000${column}`;
    let bloom = this.blooms.get(cacheKey);
    if (bloom === undefined) {
      const saved = group.blooms[column] as SavedBloom | undefined;
      bloom = saved === undefined ? null : BlockBloom.load(saved);
      this.blooms.set(cacheKey, bloom);
    }
    return bloom;
  }
}
