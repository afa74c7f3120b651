import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Trace hints without a primary key and without the foreign key to `segments`: measured on PGlite,
 * each hint row's foreign-key check and unique-key probe made recording 500 hints cost ~15 ms of a
 * commit's ~20 ms. Hints are now plain rows looked up by trace id (a trace seen in two commits of a
 * segment may have two rows: readers take distinct segments), and a segment's hints are deleted
 * with it by `segments.remove` instead of a cascade.
 */
export const leanTraceHints: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`alter table trace_hints drop constraint trace_hints_segment_id_fkey`.execute(db);
    await sql`alter table trace_hints drop constraint trace_hints_pk`.execute(db);
    await db.schema.createIndex('trace_hints_by_trace').on('trace_hints').column('trace_id').execute();
  },
};
