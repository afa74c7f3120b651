import type { Kysely } from 'kysely';
import { InvalidCatalogInputError, SqlState, UnknownTenantError, sqlStateOf, CatalogError } from '../errors';
import type { CatalogSchema, ShardAssignmentState } from '../schema';
import { countParam } from '../values';

/** A shard: a numbered ingest/query partition. */
export interface Shard {
  shardId: number;
  name: string;
}

/** One tenant-to-shard assignment; during a move the old shard stays `draining` for dual reads. */
export interface ShardAssignment {
  tenantId: string;
  shardId: number;
  state: ShardAssignmentState;
  assignedAt: Date;
}

/** Shards and tenant assignments: system-wide, read by the gateway for routing. */
export class ShardRepository {
  constructor(
    private readonly db: Kysely<CatalogSchema>,
    private readonly clock: () => Date,
  ) {}

  /** Registers a shard, or renames it when it exists. */
  async register(shard: Shard): Promise<void> {
    const shardId = countParam(shard.shardId, 'shardId');
    await this.db
      .insertInto('shards')
      .values({ shard_id: shardId, name: shard.name, created_at: this.clock() })
      .onConflict((oc) => oc.column('shard_id').doUpdateSet({ name: shard.name }))
      .execute();
  }

  /** Every shard, by id. */
  async list(): Promise<Shard[]> {
    const rows = await this.db.selectFrom('shards').select(['shard_id', 'name']).orderBy('shard_id').execute();
    return rows.map((row) => ({ shardId: row.shard_id, name: row.name }));
  }

  /**
   * Makes `shardId` the tenant's active shard. A previous active shard becomes `draining` (it keeps
   * serving reads until `release`), so a move never hides data that has not been migrated yet.
   * @example await catalog.shards.assign('acme', 3)
   */
  async assign(tenantId: string, shardId: number): Promise<void> {
    countParam(shardId, 'shardId');
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('shard_assignments')
          .set({ state: 'draining' })
          .where('tenant_id', '=', tenantId)
          .where('state', '=', 'active')
          .where('shard_id', '!=', shardId)
          .execute();
        await trx
          .insertInto('shard_assignments')
          .values({ tenant_id: tenantId, shard_id: shardId, state: 'active', assigned_at: this.clock() })
          .onConflict((oc) => oc.columns(['tenant_id', 'shard_id']).doUpdateSet({ state: 'active', assigned_at: this.clock() }))
          .execute();
      });
    } catch (error) {
      if (sqlStateOf(error) !== SqlState.foreignKeyViolation) throw error;
      const tenant = await this.db.selectFrom('tenants').select('tenant_id').where('tenant_id', '=', tenantId).executeTakeFirst();
      if (tenant === undefined) throw new UnknownTenantError(tenantId, { cause: error });
      throw new InvalidCatalogInputError('shardId', `shard ${shardId} is not registered`);
    }
  }

  /** Ends the dual-read window: drops a draining assignment. A CatalogError if it is the active one. */
  async release(tenantId: string, shardId: number): Promise<void> {
    const current = await this.db
      .selectFrom('shard_assignments')
      .select('state')
      .where('tenant_id', '=', tenantId)
      .where('shard_id', '=', shardId)
      .executeTakeFirst();
    if (current?.state === 'active') {
      throw new CatalogError(`shard ${shardId} is the active shard of "${tenantId}"; assign another first`, tenantId);
    }
    await this.db.deleteFrom('shard_assignments').where('tenant_id', '=', tenantId).where('shard_id', '=', shardId).execute();
  }

  /** The tenant's assignments, the active one first. */
  async assignmentsOf(tenantId: string): Promise<ShardAssignment[]> {
    const rows = await this.db
      .selectFrom('shard_assignments')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('state') // 'active' sorts before 'draining'
      .orderBy('shard_id')
      .execute();
    return rows.map((row) => ({ tenantId: row.tenant_id, shardId: row.shard_id, state: row.state, assignedAt: row.assigned_at }));
  }
}
