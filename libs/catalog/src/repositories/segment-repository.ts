import { InvalidCatalogInputError, InvalidSegmentTransitionError } from '../errors';
import type { SegmentState } from '../schema';
import { canTransition } from '../segment-states';
import type { TenantRunner } from '../tenant-session';
import { int8Param } from '../values';
import { segmentOf, upsertSegment, type Segment, type SegmentUpsert } from './segment-records';

/** A time-range pruning query: segments of a dataset whose [min, max] overlaps [fromNs, toNs]. */
export interface SegmentRangeQuery {
  dataset: string;
  fromNs: bigint;
  toNs: bigint;
  /** Only segments in these states; all states when absent. */
  states?: readonly SegmentState[];
}

/** One tenant's segments. */
export class SegmentRepository {
  constructor(
    private readonly tenantId: string,
    private readonly run: TenantRunner,
    private readonly clock: () => Date,
  ) {}

  /**
   * Records a segment (insert or update by segment id); InvalidSegmentTransitionError when the
   * state would move other than one step forward.
   * @example await tenant.segments.upsert({ segmentId, dataset: 'spans', shardId: 0, state: 'open', … })
   */
  async upsert(segment: SegmentUpsert): Promise<Segment> {
    return this.run((trx) => upsertSegment(trx, this.tenantId, segment, this.clock()));
  }

  /** The segment with this id, or undefined (also when it belongs to another tenant). */
  async get(segmentId: string): Promise<Segment | undefined> {
    const row = await this.run((trx) =>
      trx.selectFrom('segments').selectAll().where('tenant_id', '=', this.tenantId).where('segment_id', '=', segmentId).executeTakeFirst(),
    );
    return row === undefined ? undefined : segmentOf(row);
  }

  /** Moves a segment to its next state; InvalidSegmentTransitionError otherwise, InvalidCatalogInputError if unknown. */
  async transition(segmentId: string, to: SegmentState): Promise<Segment> {
    return this.run(async (trx) => {
      const current = await trx
        .selectFrom('segments')
        .select('state')
        .where('tenant_id', '=', this.tenantId)
        .where('segment_id', '=', segmentId)
        .forUpdate()
        .executeTakeFirst();
      if (current === undefined) throw new InvalidCatalogInputError('segmentId', `no segment "${segmentId}"`);
      if (!canTransition(current.state, to)) {
        throw new InvalidSegmentTransitionError(segmentId, current.state, to, this.tenantId);
      }
      const row = await trx
        .updateTable('segments')
        .set({ state: to, updated_at: this.clock() })
        .where('tenant_id', '=', this.tenantId)
        .where('segment_id', '=', segmentId)
        .returningAll()
        .executeTakeFirstOrThrow();
      return segmentOf(row);
    });
  }

  /**
   * Records a sealed copy: `sealing → sealed` with its object-store prefix. Repeating it with the
   * same prefix is a no-op (a sealer that crashed after the catalog write); anything else is an
   * InvalidSegmentTransitionError.
   * @example await tenant.segments.markSealed(segmentId, 'shard=0/tenants/acme/datasets/spans/seg/p=1a2b/20231114T221000Z-300s')
   */
  async markSealed(segmentId: string, objectPrefix: string): Promise<Segment> {
    if (objectPrefix === '') throw new InvalidCatalogInputError('objectPrefix', 'must not be empty');
    return this.run(async (trx) => {
      const current = await trx
        .selectFrom('segments')
        .select(['state', 'object_prefix'])
        .where('tenant_id', '=', this.tenantId)
        .where('segment_id', '=', segmentId)
        .forUpdate()
        .executeTakeFirst();
      if (current === undefined) throw new InvalidCatalogInputError('segmentId', `no segment "${segmentId}"`);
      const repeat = current.state === 'sealed' && current.object_prefix === objectPrefix;
      if (current.state !== 'sealing' && !repeat) {
        throw new InvalidSegmentTransitionError(segmentId, current.state, 'sealed', this.tenantId);
      }
      const row = repeat
        ? await trx.selectFrom('segments').selectAll().where('tenant_id', '=', this.tenantId).where('segment_id', '=', segmentId).executeTakeFirstOrThrow()
        : await trx
            .updateTable('segments')
            .set({ state: 'sealed', object_prefix: objectPrefix, updated_at: this.clock() })
            .where('tenant_id', '=', this.tenantId)
            .where('segment_id', '=', segmentId)
            .returningAll()
            .executeTakeFirstOrThrow();
      return segmentOf(row);
    });
  }

  /** The tenant's datasets that have segments. */
  async datasets(): Promise<string[]> {
    const rows = await this.run((trx) =>
      trx.selectFrom('segments').select('dataset').distinct().where('tenant_id', '=', this.tenantId).orderBy('dataset').execute(),
    );
    return rows.map((row) => row.dataset);
  }

  /** A dataset's segments whose newest row is older than `beforeNs` (retention's candidates), oldest first. */
  async endingBefore(dataset: string, beforeNs: bigint, limit = 1000): Promise<Segment[]> {
    const before = int8Param(beforeNs, 'beforeNs');
    const rows = await this.run((trx) =>
      trx
        .selectFrom('segments')
        .selectAll()
        .where('tenant_id', '=', this.tenantId)
        .where('dataset', '=', dataset)
        .where('max_timestamp_ns', '<', before)
        .orderBy('max_timestamp_ns')
        .orderBy('segment_id')
        .limit(limit)
        .execute(),
    );
    return rows.map(segmentOf);
  }

  /** Deletes segments with their trace hints; returns how many rows went (missing ids are skipped). */
  async remove(segmentIds: readonly string[]): Promise<number> {
    if (segmentIds.length === 0) return 0;
    const result = await this.run(async (trx) => {
      // Hints have no foreign key to cascade from (see migration 0008).
      await trx
        .deleteFrom('trace_hints')
        .where('tenant_id', '=', this.tenantId)
        .where('segment_id', 'in', [...segmentIds])
        .execute();
      return trx
        .deleteFrom('segments')
        .where('tenant_id', '=', this.tenantId)
        .where('segment_id', 'in', [...segmentIds])
        .executeTakeFirst();
    });
    return Number(result.numDeletedRows);
  }

  /** Segments overlapping a time range (bounds inclusive), earliest first. */
  async overlapping(query: SegmentRangeQuery): Promise<Segment[]> {
    const fromNs = int8Param(query.fromNs, 'fromNs');
    const toNs = int8Param(query.toNs, 'toNs');
    const rows = await this.run((trx) => {
      let select = trx
        .selectFrom('segments')
        .selectAll()
        .where('tenant_id', '=', this.tenantId)
        .where('dataset', '=', query.dataset)
        .where('min_timestamp_ns', '<=', toNs)
        .where('max_timestamp_ns', '>=', fromNs);
      if (query.states !== undefined) {
        if (query.states.length === 0) return Promise.resolve([]);
        select = select.where('state', 'in', [...query.states]);
      }
      return select.orderBy('min_timestamp_ns').orderBy('segment_id').execute();
    });
    return rows.map(segmentOf);
  }

  /** Segments that hold spans of this trace, by the trace hints recorded at commit. */
  async forTrace(traceId: Uint8Array): Promise<Segment[]> {
    const rows = await this.run((trx) =>
      trx
        .selectFrom('segments')
        .innerJoin('trace_hints', 'trace_hints.segment_id', 'segments.segment_id')
        .selectAll('segments')
        .distinct()
        .where('trace_hints.tenant_id', '=', this.tenantId)
        .where('trace_hints.trace_id', '=', traceId)
        .orderBy('segments.min_timestamp_ns')
        .orderBy('segments.segment_id')
        .execute(),
    );
    return rows.map(segmentOf);
  }

  /** The tenant's segments in one state, oldest update first (the sealer's and parquetizer's queue). */
  async inState(state: SegmentState, limit = 100): Promise<Segment[]> {
    const rows = await this.run((trx) =>
      trx
        .selectFrom('segments')
        .selectAll()
        .where('tenant_id', '=', this.tenantId)
        .where('state', '=', state)
        .orderBy('updated_at')
        .orderBy('segment_id')
        .limit(limit)
        .execute(),
    );
    return rows.map(segmentOf);
  }
}
