import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import { InvalidCatalogInputError } from '../errors';
import type { CatalogSchema, DeadLettersTable } from '../schema';
import { countParam } from '../values';
import type { JsonValue } from '../values';

/** What is stored when an event handler has failed for the last time. */
export interface DeadLetterInput {
  /** The tenant the event is about, when it is about one. */
  tenantId?: string;
  eventType: string;
  /** The whole event, as JSON. */
  event: JsonValue;
  /** Name of the handler that kept failing. */
  handler: string;
  /** The last error message. */
  error: string;
  attempts: number;
}

/** A dead letter as stored. */
export interface DeadLetter extends DeadLetterInput {
  id: string;
  createdAt: Date;
  /** When it was last re-run successfully; undefined while it is still pending. */
  replayedAt?: Date;
}

/** Lifecycle events whose handler failed every retry: kept for `dlq list` and `dlq replay`. System-wide. */
export class DeadLetterRepository {
  constructor(
    private readonly db: Kysely<CatalogSchema>,
    private readonly clock: () => Date,
  ) {}

  /**
   * Stores a dead letter; returns it with its id.
   * @example await catalog.deadLetters.add({ eventType: 'segment.sealed', event, handler: 'notify', error: 'timeout', attempts: 5 })
   */
  async add(input: DeadLetterInput): Promise<DeadLetter> {
    if (input.handler === '') throw new InvalidCatalogInputError('handler', 'must not be empty');
    const row = await this.db
      .insertInto('dead_letters')
      .values({
        dead_letter_id: randomUUID(),
        tenant_id: input.tenantId ?? null,
        event_type: input.eventType,
        event: sql<string>`cast(${JSON.stringify(input.event)} as jsonb)`,
        handler: input.handler,
        error: input.error,
        attempts: countParam(input.attempts, 'attempts'),
        created_at: this.clock(),
        replayed_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return deadLetterOf(row);
  }

  /** Dead letters, oldest first; replayed ones only when asked. */
  async list(options: { includeReplayed?: boolean; limit?: number } = {}): Promise<DeadLetter[]> {
    let select = this.db.selectFrom('dead_letters').selectAll();
    if (options.includeReplayed !== true) select = select.where('replayed_at', 'is', null);
    const rows = await select
      .orderBy('created_at')
      .orderBy('dead_letter_id')
      .limit(countParam(options.limit ?? 1000, 'limit'))
      .execute();
    return rows.map(deadLetterOf);
  }

  /** One dead letter, or undefined. */
  async get(id: string): Promise<DeadLetter | undefined> {
    const row = await this.db.selectFrom('dead_letters').selectAll().where('dead_letter_id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : deadLetterOf(row);
  }

  /** Marks a dead letter replayed (its handler succeeded on a re-run); false when there is no such id. */
  async markReplayed(id: string): Promise<boolean> {
    const result = await this.db.updateTable('dead_letters').set({ replayed_at: this.clock() }).where('dead_letter_id', '=', id).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Records a failed replay: the new error and the attempts added. */
  async recordFailedReplay(id: string, error: string, attempts: number): Promise<void> {
    await this.db
      .updateTable('dead_letters')
      .set((eb) => ({ error, attempts: eb('attempts', '+', countParam(attempts, 'attempts')) }))
      .where('dead_letter_id', '=', id)
      .execute();
  }
}

function deadLetterOf(row: Selectable<DeadLettersTable>): DeadLetter {
  const event = typeof row.event === 'string' ? (JSON.parse(row.event) as JsonValue) : (row.event as JsonValue);
  return {
    id: row.dead_letter_id,
    ...(row.tenant_id !== null ? { tenantId: row.tenant_id } : {}),
    eventType: row.event_type,
    event,
    handler: row.handler,
    error: row.error,
    attempts: row.attempts,
    createdAt: row.created_at,
    ...(row.replayed_at !== null ? { replayedAt: row.replayed_at } : {}),
  };
}
