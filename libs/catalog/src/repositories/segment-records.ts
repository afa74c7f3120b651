import { CatalogError, InvalidCatalogInputError, InvalidSegmentTransitionError, SqlState, UnknownTenantError, sqlStateOf } from '../errors';
import type { CatalogSchema, SegmentRow, SegmentState } from '../schema';
import { canTransition, isSegmentState } from '../segment-states';
import { countParam, int8Param, toBigInt, toCount } from '../values';
import type { Kysely } from 'kysely';

/** What a writer records about a segment: its identity, state, time range and size. */
export interface SegmentUpsert {
  segmentId: string;
  dataset: string;
  shardId: number;
  state: SegmentState;
  /** Earliest row timestamp, nanoseconds since the epoch. */
  minTimestampNs: bigint;
  /** Latest row timestamp, nanoseconds since the epoch. */
  maxTimestampNs: bigint;
  rowCount: number;
  bytes: number;
  /** The manifest this record describes; never goes backwards. */
  manifestVersion: number;
  /** The on-disk format version the segment was written with. */
  formatVersion: number;
}

/** A segment as stored in the catalog. */
export interface Segment extends SegmentUpsert {
  tenantId: string;
  /** Object-store prefix of the sealed copy, once sealed. */
  objectPrefix?: string;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Inserts or updates a segment inside an open tenant transaction. The existing row is locked and
 * the state change checked, so two writers cannot both move a segment on; a manifest version
 * lower than the stored one is a stale write and is refused.
 */
export async function upsertSegment(trx: Kysely<CatalogSchema>, tenantId: string, input: SegmentUpsert, now: Date): Promise<Segment> {
  const values = segmentValues(input);
  if (input.state === 'open') {
    const recorded = await recordOpenSegment(trx, tenantId, values, now);
    if (recorded !== undefined) return recorded;
  }
  try {
    const inserted = await trx
      .insertInto('segments')
      .values({ ...values, tenant_id: tenantId, created_at: now, updated_at: now })
      .onConflict((oc) => oc.column('segment_id').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted !== undefined) return segmentOf(inserted);
  } catch (error) {
    if (sqlStateOf(error) === SqlState.foreignKeyViolation) throw new UnknownTenantError(tenantId, { cause: error });
    throw error;
  }

  const current = await trx
    .selectFrom('segments')
    .select(['state', 'manifest_version'])
    .where('segment_id', '=', input.segmentId)
    .where('tenant_id', '=', tenantId)
    .forUpdate()
    .executeTakeFirst();
  if (current === undefined) {
    // The id exists but row-level security hides it: it belongs to another tenant.
    throw new CatalogError(`segment "${input.segmentId}" belongs to another tenant`, tenantId);
  }
  if (!canTransition(current.state, input.state)) {
    throw new InvalidSegmentTransitionError(input.segmentId, current.state, input.state, tenantId);
  }
  if (input.manifestVersion < current.manifest_version) {
    throw new CatalogError(`segment "${input.segmentId}": manifest ${input.manifestVersion} is older than recorded ${current.manifest_version}`, tenantId);
  }
  const updated = await trx
    .updateTable('segments')
    .set({ ...values, updated_at: now })
    .where('segment_id', '=', input.segmentId)
    .where('tenant_id', '=', tenantId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return segmentOf(updated);
}

/**
 * The common case in one statement: a commit to an open segment (new, or open with an older or equal
 * manifest). Anything else matches no row here and goes through the checked path, which explains
 * the refusal. A segment id of another tenant fails the UPDATE policy and is reported as such.
 */
async function recordOpenSegment(
  trx: Kysely<CatalogSchema>,
  tenantId: string,
  values: ReturnType<typeof segmentValues>,
  now: Date,
): Promise<Segment | undefined> {
  // Every column but the key is replaced: totals are absolute, never increments.
  const { segment_id: segmentId, ...changes } = values;
  try {
    const row = await trx
      .insertInto('segments')
      .values({ ...values, tenant_id: tenantId, created_at: now, updated_at: now })
      .onConflict((oc) =>
        oc
          .column('segment_id')
          .doUpdateSet({ ...changes, updated_at: now })
          .where('segments.tenant_id', '=', tenantId)
          .where('segments.state', '=', 'open')
          .where('segments.manifest_version', '<=', values.manifest_version),
      )
      .returningAll()
      .executeTakeFirst();
    return row === undefined ? undefined : segmentOf(row);
  } catch (error) {
    if (sqlStateOf(error) === SqlState.foreignKeyViolation) throw new UnknownTenantError(tenantId, { cause: error });
    if (sqlStateOf(error) === SqlState.insufficientPrivilege) {
      throw new CatalogError(`segment "${segmentId}" belongs to another tenant`, tenantId, { cause: error });
    }
    throw error;
  }
}

/** Checks a segment upsert and turns it into column values. */
function segmentValues(input: SegmentUpsert) {
  if (!isSegmentState(input.state)) throw new InvalidCatalogInputError('segment.state', `unknown state "${input.state}"`);
  if (input.minTimestampNs > input.maxTimestampNs) {
    throw new InvalidCatalogInputError('segment.minTimestampNs', 'must not be after maxTimestampNs');
  }
  return {
    segment_id: input.segmentId,
    dataset: input.dataset,
    shard_id: countParam(input.shardId, 'segment.shardId'),
    state: input.state,
    min_timestamp_ns: int8Param(input.minTimestampNs, 'segment.minTimestampNs'),
    max_timestamp_ns: int8Param(input.maxTimestampNs, 'segment.maxTimestampNs'),
    row_count: int8Param(countParam(input.rowCount, 'segment.rowCount'), 'segment.rowCount'),
    bytes: int8Param(countParam(input.bytes, 'segment.bytes'), 'segment.bytes'),
    manifest_version: countParam(input.manifestVersion, 'segment.manifestVersion'),
    format_version: countParam(input.formatVersion, 'segment.formatVersion'),
  };
}

/** A segment row as the public record, int8 columns converted. */
export function segmentOf(row: SegmentRow): Segment {
  return {
    segmentId: row.segment_id,
    tenantId: row.tenant_id,
    dataset: row.dataset,
    shardId: row.shard_id,
    state: row.state,
    minTimestampNs: toBigInt(row.min_timestamp_ns),
    maxTimestampNs: toBigInt(row.max_timestamp_ns),
    rowCount: toCount(row.row_count),
    bytes: toCount(row.bytes),
    manifestVersion: row.manifest_version,
    formatVersion: row.format_version,
    ...(row.object_prefix != null ? { objectPrefix: row.object_prefix } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
