import type { DeadLetterStore } from './dead-letter-store';
import type { InProcessEventBus } from './in-process-event-bus';
import type { LifecycleEvent } from './lifecycle-event';

/** What a replay did. */
export interface ReplaySummary {
  replayed: string[];
  failed: Array<{ id: string; error: string }>;
  /** Ids asked for that do not exist or were replayed already. */
  notFound: string[];
}

/**
 * Re-runs dead-lettered events through the handler that failed them (with its retries): `'all'`
 * replays every pending one. A success marks the letter replayed; a failure records the new error.
 *
 * @example await replayDeadLetters(bus, catalog.deadLetters, 'all')
 */
export async function replayDeadLetters(bus: InProcessEventBus, store: DeadLetterStore, target: string | 'all'): Promise<ReplaySummary> {
  const summary: ReplaySummary = { replayed: [], failed: [], notFound: [] };
  let letters;
  if (target === 'all') {
    letters = await store.list();
  } else {
    const letter = await store.get(target);
    letters = letter === undefined || letter.replayedAt !== undefined ? [] : [letter];
    if (letters.length === 0) summary.notFound.push(target);
  }
  for (const letter of letters) {
    const outcome = await bus.deliverTo(letter.handler, letter.event as unknown as LifecycleEvent);
    if (outcome.ok) {
      await store.markReplayed(letter.id);
      summary.replayed.push(letter.id);
    } else {
      await store.recordFailedReplay(letter.id, outcome.error, outcome.attempts);
      summary.failed.push({ id: letter.id, error: outcome.error });
    }
  }
  return summary;
}
