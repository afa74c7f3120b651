import type { ColumnType } from '@prism/contract';
import type { Kysely, Selectable } from 'kysely';
import { CatalogError, SqlState, sqlStateOf } from '../errors';
import type { BlockStatsTable, CatalogSchema } from '../schema';
import type { TenantRunner } from '../tenant-session';
import { countParam, int8Param, toBytes, toCount } from '../values';

/**
 * Statistics of one column's block in a segment. `min`/`max` are text in the column's type
 * (see `statText`): later pruning queries cast by `valueType` before comparing.
 */
export interface BlockStat {
  segmentId: string;
  column: string;
  blockIndex: number;
  valueType: ColumnType;
  min: string | null;
  max: string | null;
  nullCount: number;
  distinctEstimate?: number;
  /** A serialized Bloom filter of the block's values, when the column keeps one. */
  bloomFilter?: Uint8Array;
}

// Ten parameters per row; Postgres allows 65535 per statement.
const ROWS_PER_INSERT = 1000;

/** Upserts block stats inside an open tenant transaction, keyed by (segment, column, block). */
export async function putBlockStats(trx: Kysely<CatalogSchema>, tenantId: string, stats: readonly BlockStat[]): Promise<void> {
  for (let start = 0; start < stats.length; start += ROWS_PER_INSERT) {
    const rows = stats.slice(start, start + ROWS_PER_INSERT).map((stat) => ({
      tenant_id: tenantId,
      segment_id: stat.segmentId,
      column_name: stat.column,
      block_index: countParam(stat.blockIndex, 'blockStat.blockIndex'),
      value_type: stat.valueType,
      min_value: stat.min,
      max_value: stat.max,
      null_count: int8Param(countParam(stat.nullCount, 'blockStat.nullCount'), 'blockStat.nullCount'),
      distinct_estimate:
        stat.distinctEstimate === undefined ? null : int8Param(countParam(stat.distinctEstimate, 'blockStat.distinctEstimate'), 'blockStat.distinctEstimate'),
      bloom_filter: stat.bloomFilter ?? null,
    }));
    try {
      await trx
        .insertInto('block_stats')
        .values(rows)
        .onConflict((oc) =>
          oc.columns(['segment_id', 'column_name', 'block_index']).doUpdateSet((eb) => ({
            value_type: eb.ref('excluded.value_type'),
            min_value: eb.ref('excluded.min_value'),
            max_value: eb.ref('excluded.max_value'),
            null_count: eb.ref('excluded.null_count'),
            distinct_estimate: eb.ref('excluded.distinct_estimate'),
            bloom_filter: eb.ref('excluded.bloom_filter'),
          })),
        )
        .execute();
    } catch (error) {
      if (sqlStateOf(error) === SqlState.foreignKeyViolation) {
        throw new CatalogError('block stats name a segment that is not recorded', tenantId, { cause: error });
      }
      throw error;
    }
  }
}

/** One tenant's block statistics. */
export class BlockStatsRepository {
  constructor(
    private readonly tenantId: string,
    private readonly run: TenantRunner,
  ) {}

  /** Records (or replaces) stats of blocks of recorded segments. */
  async put(stats: readonly BlockStat[]): Promise<void> {
    if (stats.length === 0) return;
    await this.run((trx) => putBlockStats(trx, this.tenantId, stats));
  }

  /** A segment's block stats, by column then block. */
  async forSegment(segmentId: string): Promise<BlockStat[]> {
    const rows = await this.run((trx) =>
      trx
        .selectFrom('block_stats')
        .selectAll()
        .where('tenant_id', '=', this.tenantId)
        .where('segment_id', '=', segmentId)
        .orderBy('column_name')
        .orderBy('block_index')
        .execute(),
    );
    return rows.map(blockStatOf);
  }
}

function blockStatOf(row: Selectable<BlockStatsTable>): BlockStat {
  return {
    segmentId: row.segment_id,
    column: row.column_name,
    blockIndex: row.block_index,
    valueType: row.value_type as ColumnType,
    min: row.min_value,
    max: row.max_value,
    nullCount: toCount(row.null_count),
    ...(row.distinct_estimate === null ? {} : { distinctEstimate: toCount(row.distinct_estimate) }),
    ...(row.bloom_filter === null ? {} : { bloomFilter: toBytes(row.bloom_filter) }),
  };
}
