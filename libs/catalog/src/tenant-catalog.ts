import type { Kysely } from 'kysely';
import { recordCommitIn, type CommitRecord } from './record-commit';
import { IdempotencyKeyRepository } from './repositories/idempotency-key-repository';
import { ParquetFileRepository } from './repositories/parquet-file-repository';
import type { Segment } from './repositories/segment-records';
import { SegmentRepository } from './repositories/segment-repository';
import { TraceHintRepository } from './repositories/trace-hint-repository';
import type { CatalogSchema } from './schema';
import { inTenantTransaction, type TenantRunner } from './tenant-session';

/**
 * The catalog as one tenant sees it. Every call runs in a transaction acting for this tenant, so
 * row-level security admits only its rows; `transaction` groups several calls into one.
 */
export class TenantCatalog {
  readonly segments: SegmentRepository;
  readonly traceHints: TraceHintRepository;
  readonly idempotencyKeys: IdempotencyKeyRepository;
  readonly parquetFiles: ParquetFileRepository;

  constructor(
    readonly tenantId: string,
    private readonly db: Kysely<CatalogSchema>,
    private readonly tenantRole: string,
    private readonly clock: () => Date,
    private readonly run: TenantRunner = (work) => inTenantTransaction(db, tenantId, tenantRole, work),
  ) {
    this.segments = new SegmentRepository(tenantId, this.run, clock);
    this.traceHints = new TraceHintRepository(tenantId, this.run);
    this.idempotencyKeys = new IdempotencyKeyRepository(tenantId, this.run, clock);
    this.parquetFiles = new ParquetFileRepository(tenantId, this.run, clock);
  }

  /**
   * Records one ingest commit (segment, trace hints, idempotency result) atomically.
   * @example await catalog.forTenant('acme').recordCommit({ segment, traceIds, idempotency: { key, result } })
   */
  async recordCommit(commit: CommitRecord): Promise<Segment> {
    return this.run((trx) => recordCommitIn(trx, this.tenantId, commit, this.clock()));
  }

  /**
   * Runs several calls in one tenant transaction: all commit or none do.
   * @example await tenant.transaction(async (t) => { await t.segments.upsert(a); await t.traceHints.add(a.segmentId, ids); })
   */
  async transaction<T>(work: (tenant: TenantCatalog) => Promise<T>): Promise<T> {
    return this.run((trx) => work(new TenantCatalog(this.tenantId, this.db, this.tenantRole, this.clock, (inner) => inner(trx))));
  }
}
