import type { Kysely, Selectable } from 'kysely';
import { CatalogError, InvalidCatalogInputError, SqlState, UnknownTenantError, sqlStateOf } from '../errors';
import type { CatalogSchema, ShardAssignmentState, ShardState, ShardsTable, TenantMigrationState, TenantResidency } from '../schema';
import { DEFAULT_REGION, checkBaseUrl, checkRegion, checkWeight } from '../shard-map-values';
import { checkTenantId } from '../tenant-id';
import { countParam } from '../values';

/** Where a shard's services are reached. */
export interface ShardEndpoints {
  ingestUrl?: string;
  queryUrl?: string;
  /** The Lambda alias or version the shard's functions are invoked with (AWS). */
  lambdaQualifier?: string;
}

/** A shard: a numbered ingest/query partition with its own hot store, in one region. */
export interface Shard {
  shardId: number;
  name: string;
  region: string;
  weight: number;
  state: ShardState;
  endpoints: ShardEndpoints;
}

/** What `add` and `register` take; region defaults to `local`, weight to 1, name to `shard-<id>`. */
export interface ShardInput {
  shardId: number;
  name?: string;
  region?: string;
  weight?: number;
  endpoints?: ShardEndpoints;
}

/** One tenant-to-shard assignment; during a move the old shard stays `draining` for dual reads. */
export interface ShardAssignment {
  tenantId: string;
  shardId: number;
  state: ShardAssignmentState;
  assignedAt: Date;
}

/** One tenant's entry in the registry: where it lives and under which rules. */
export interface TenantPlacementRecord {
  tenantId: string;
  homeRegion: string;
  /** The active (pinned) shard; undefined until the tenant is placed. */
  shardId?: number;
  residency: TenantResidency;
  migrationState: TenantMigrationState;
  migrationEpoch: number;
  disabled: boolean;
}

/** A shard id was added twice. */
export class ShardExistsError extends CatalogError {
  override readonly name = 'ShardExistsError';

  constructor(shardId: number, options?: { cause?: unknown }) {
    super(`shard ${shardId} already exists`, undefined, options);
  }
}

/** A call named a shard the catalog does not know. */
export class UnknownShardError extends CatalogError {
  override readonly name = 'UnknownShardError';

  constructor(shardId: number) {
    super(`unknown shard ${shardId}`);
  }
}

/**
 * The shard map and tenant placements. Reads of one tenant take its id (`placementOf`,
 * `assignmentsOf`); the system-wide reads say so in their name (`listAll`, `countTenantsPerShard`).
 */
export class ShardRepository {
  constructor(
    private readonly db: Kysely<CatalogSchema>,
    private readonly clock: () => Date,
  ) {}

  /**
   * Adds a shard; a ShardExistsError if the id is taken.
   * @example await catalog.shards.add({ shardId: 2, region: 'eu-west-1', weight: 2, endpoints: { ingestUrl: 'http://10.0.0.2:4318' } })
   */
  async add(input: ShardInput): Promise<Shard> {
    const values = shardValues(input);
    try {
      const row = await this.db
        .insertInto('shards')
        .values({ ...values, created_at: this.clock() })
        .returningAll()
        .executeTakeFirstOrThrow();
      return shardOf(row);
    } catch (error) {
      if (sqlStateOf(error) === SqlState.uniqueViolation) throw new ShardExistsError(values.shard_id, { cause: error });
      throw error;
    }
  }

  /**
   * Registers a process's own shard at start: adds it, or renames it when it exists. Its state,
   * weight and region stay as an operator set them (a restart must not undo a drain).
   */
  async register(input: ShardInput): Promise<void> {
    const values = shardValues(input);
    await this.db
      .insertInto('shards')
      .values({ ...values, created_at: this.clock() })
      .onConflict((oc) => oc.column('shard_id').doUpdateSet({ name: values.name }))
      .execute();
  }

  /** Stops new tenants from being placed on the shard; its tenants stay until migrated. */
  async drain(shardId: number): Promise<Shard> {
    return this.#update(shardId, { state: 'draining' });
  }

  /** Changes the shard's share of *new* tenants; placed tenants never move because of it. */
  async setWeight(shardId: number, weight: number): Promise<Shard> {
    return this.#update(shardId, { weight: checkWeight(weight) });
  }

  /** Every shard of every region, by id (system-wide). */
  async listAll(): Promise<Shard[]> {
    const rows = await this.db.selectFrom('shards').selectAll().orderBy('shard_id').execute();
    return rows.map(shardOf);
  }

  /** How many tenants each shard is the active shard of (system-wide); shards without tenants are absent. */
  async countTenantsPerShard(): Promise<Map<number, number>> {
    const rows = await this.db
      .selectFrom('shard_assignments')
      .select(['shard_id', (eb) => eb.fn.countAll<string | number | bigint>().as('tenants')])
      .where('state', '=', 'active')
      .groupBy('shard_id')
      .execute();
    return new Map(rows.map((row) => [row.shard_id, Number(row.tenants)]));
  }

  /** One tenant's registry entry and pinned shard; undefined for an unknown tenant. */
  async placementOf(tenantId: string): Promise<TenantPlacementRecord | undefined> {
    const row = await this.db
      .selectFrom('tenants')
      .leftJoin('shard_assignments', (join) => join.onRef('shard_assignments.tenant_id', '=', 'tenants.tenant_id').on('shard_assignments.state', '=', 'active'))
      .select([
        'tenants.tenant_id',
        'tenants.home_region',
        'tenants.residency',
        'tenants.migration_state',
        'tenants.migration_epoch',
        'tenants.disabled_at',
        'shard_assignments.shard_id',
      ])
      .where('tenants.tenant_id', '=', checkTenantId(tenantId))
      .executeTakeFirst();
    if (row === undefined) return undefined;
    return {
      tenantId: row.tenant_id,
      homeRegion: row.home_region,
      ...(row.shard_id === null ? {} : { shardId: row.shard_id }),
      residency: row.residency,
      migrationState: row.migration_state,
      migrationEpoch: row.migration_epoch,
      disabled: row.disabled_at !== null,
    };
  }

  /**
   * Pins the tenant to `shardId` unless it already has an active shard, and returns the active one.
   * Two processes placing the same new tenant at once both get the winner: the unique index on
   * the active assignment decides, so a first placement never turns into a silent move.
   */
  async pinIfUnpinned(tenantId: string, shardId: number): Promise<number> {
    countParam(shardId, 'shardId');
    try {
      await this.db
        .insertInto('shard_assignments')
        .values({ tenant_id: tenantId, shard_id: shardId, state: 'active', assigned_at: this.clock() })
        .onConflict((oc) => oc.column('tenant_id').where('state', '=', 'active').doNothing())
        .execute();
    } catch (error) {
      throw await this.#assignmentError(error, tenantId, shardId);
    }
    const active = (await this.assignmentsOf(tenantId)).find((assignment) => assignment.state === 'active');
    if (active === undefined) throw new CatalogError(`tenant "${tenantId}" has no active shard after pinning one`, tenantId);
    return active.shardId;
  }

  /**
   * Makes `shardId` the tenant's active shard. A previous active shard becomes `draining` (it keeps
   * serving reads until `release`), so a move never hides data that has not been migrated yet.
   * This is a move: only a migration calls it; first placements use `pinIfUnpinned`.
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
      throw await this.#assignmentError(error, tenantId, shardId);
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

  async #update(shardId: number, set: { state?: ShardState; weight?: number }): Promise<Shard> {
    const row = await this.db.updateTable('shards').set(set).where('shard_id', '=', countParam(shardId, 'shardId')).returningAll().executeTakeFirst();
    if (row === undefined) throw new UnknownShardError(shardId);
    return shardOf(row);
  }

  /** A foreign-key failure names the unknown tenant or shard; anything else passes through. */
  async #assignmentError(error: unknown, tenantId: string, shardId: number): Promise<unknown> {
    if (sqlStateOf(error) !== SqlState.foreignKeyViolation) return error;
    const tenant = await this.db.selectFrom('tenants').select('tenant_id').where('tenant_id', '=', tenantId).executeTakeFirst();
    if (tenant === undefined) return new UnknownTenantError(tenantId, { cause: error });
    return new InvalidCatalogInputError('shardId', `shard ${shardId} is not registered`);
  }
}

function shardValues(input: ShardInput) {
  const shardId = countParam(input.shardId, 'shardId');
  const endpoints = input.endpoints ?? {};
  const qualifier = endpoints.lambdaQualifier;
  if (qualifier !== undefined && !/^[A-Za-z0-9$_-]{1,128}$/.test(qualifier)) {
    throw new InvalidCatalogInputError('endpoints.lambdaQualifier', `"${qualifier}" is not a Lambda alias or version`);
  }
  return {
    shard_id: shardId,
    name: input.name ?? `shard-${shardId}`,
    region: checkRegion(input.region ?? DEFAULT_REGION),
    weight: checkWeight(input.weight ?? 1),
    ingest_url: endpoints.ingestUrl === undefined ? null : checkBaseUrl(endpoints.ingestUrl, 'endpoints.ingestUrl'),
    query_url: endpoints.queryUrl === undefined ? null : checkBaseUrl(endpoints.queryUrl, 'endpoints.queryUrl'),
    lambda_qualifier: qualifier ?? null,
  };
}

function shardOf(row: Selectable<ShardsTable>): Shard {
  const endpoints: ShardEndpoints = {};
  if (row.ingest_url !== null) endpoints.ingestUrl = row.ingest_url;
  if (row.query_url !== null) endpoints.queryUrl = row.query_url;
  if (row.lambda_qualifier !== null) endpoints.lambdaQualifier = row.lambda_qualifier;
  return { shardId: row.shard_id, name: row.name, region: row.region, weight: Number(row.weight), state: row.state, endpoints };
}
