import type { Kysely } from 'kysely';
import { completeIdempotencyKey } from './repositories/idempotency-claims';
import type { JsonValue } from './values';
import { upsertSegment, type Segment, type SegmentUpsert } from './repositories/segment-records';
import { addTraceHints, type TraceIdHex } from './repositories/trace-hint-repository';
import type { CatalogSchema } from './schema';

/**
 * Everything one ingest commit tells the catalog: the segment's new state, the traces it saw, and
 * the idempotency key it answers (claimed before the write). Block stats stay in the segment's own
 * stats files, where query prunes blocks.
 */
export interface CommitRecord {
  segment: SegmentUpsert;
  /** Trace ids the commit's rows hold, as lower-case hex (see {@link TraceIdHex}). */
  traceIds?: readonly TraceIdHex[];
  idempotency?: { key: string; result: JsonValue };
}

/**
 * The catalog step of the commit protocol (blocks → manifest → catalog → HEAD), inside one open
 * tenant transaction: either all of it is recorded or none of it.
 */
export async function recordCommitIn(trx: Kysely<CatalogSchema>, tenantId: string, commit: CommitRecord, now: Date): Promise<Segment> {
  const segment = await upsertSegment(trx, tenantId, commit.segment, now);
  const segmentId = commit.segment.segmentId;
  if (commit.traceIds !== undefined && commit.traceIds.length > 0) {
    await addTraceHints(trx, tenantId, segmentId, commit.traceIds);
  }
  if (commit.idempotency !== undefined) {
    await completeIdempotencyKey(trx, tenantId, commit.idempotency.key, commit.idempotency.result);
  }
  return segment;
}
