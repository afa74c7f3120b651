import type { DeadLetterStore } from './dead-letter-store';
import type { LifecycleEvent, LifecycleEventType } from './lifecycle-event';
import type { DeliveryReport, LifecycleEventBus, LifecycleEventHandler } from './lifecycle-event-bus';
import { defaultRetrySchedule, retryDelayMs, type RetrySchedule } from './retry-schedule';

/** Options of {@link InProcessEventBus}. */
export interface InProcessEventBusOptions {
  deadLetters: DeadLetterStore;
  retry: RetrySchedule;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** Told about each failed attempt (for logs). */
  onFailure?: (failure: { handler: string; event: LifecycleEvent; attempt: number; error: unknown }) => void;
}

export function defaultInProcessEventBusOptions(): Omit<InProcessEventBusOptions, 'deadLetters'> {
  return { retry: defaultRetrySchedule(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)), random: Math.random };
}

/** The outcome of running one handler with its retries. */
export type HandlerOutcome = { ok: true; attempts: number } | { ok: false; attempts: number; error: string };

interface Subscription {
  handler: LifecycleEventHandler;
  types?: readonly LifecycleEventType[];
}

/**
 * Delivers events to handlers in this process. Each handler is retried on its own with exponential
 * backoff and jitter; after the last failed attempt the event lands in the dead-letter store under
 * that handler's name, and other handlers are unaffected.
 *
 * @example
 * const bus = new InProcessEventBus({ deadLetters: catalog.deadLetters });
 * bus.subscribe('audit-log', async (event) => log.info(event.type, event));
 * await bus.publish(lifecycleEvent('segment.sealed', segment, Date.now()));
 */
export class InProcessEventBus implements LifecycleEventBus {
  private readonly options: InProcessEventBusOptions;
  private readonly subscriptions = new Map<string, Subscription>();

  constructor(options: Partial<InProcessEventBusOptions> & { deadLetters: DeadLetterStore }) {
    this.options = { ...defaultInProcessEventBusOptions(), ...options };
    if (!Number.isInteger(this.options.retry.attempts) || this.options.retry.attempts < 1) throw new RangeError('retry.attempts must be 1 or more');
  }

  subscribe(name: string, handler: LifecycleEventHandler, types?: readonly LifecycleEventType[]): () => void {
    if (this.subscriptions.has(name)) throw new RangeError(`a handler named "${name}" is already subscribed`);
    this.subscriptions.set(name, { handler, ...(types !== undefined ? { types } : {}) });
    return () => void this.subscriptions.delete(name);
  }

  /** Names of the subscribed handlers. */
  handlerNames(): string[] {
    return [...this.subscriptions.keys()];
  }

  async publish(event: LifecycleEvent): Promise<DeliveryReport> {
    const targets = [...this.subscriptions].filter(([, subscription]) => subscription.types?.includes(event.type) ?? true);
    const report: DeliveryReport = { delivered: [], deadLettered: [] };
    await Promise.all(
      targets.map(async ([name]) => {
        const outcome = await this.deliverTo(name, event);
        if (outcome.ok) {
          report.delivered.push(name);
          return;
        }
        await this.options.deadLetters.add({
          tenantId: event.tenantId,
          eventType: event.type,
          event: { ...event },
          handler: name,
          error: outcome.error,
          attempts: outcome.attempts,
        });
        report.deadLettered.push(name);
      }),
    );
    return report;
  }

  /** Runs one named handler on an event with the retry schedule (also what a replay does). */
  async deliverTo(name: string, event: LifecycleEvent): Promise<HandlerOutcome> {
    const subscription = this.subscriptions.get(name);
    if (subscription === undefined) return { ok: false, attempts: 0, error: `no handler named "${name}" is subscribed` };
    const { retry, sleep, random, onFailure } = this.options;
    let lastError: unknown;
    for (let attempt = 1; attempt <= retry.attempts; attempt++) {
      if (attempt > 1) await sleep(retryDelayMs(retry, attempt - 1, random));
      try {
        await subscription.handler(event);
        return { ok: true, attempts: attempt };
      } catch (error) {
        lastError = error;
        onFailure?.({ handler: name, event, attempt, error });
      }
    }
    return { ok: false, attempts: retry.attempts, error: lastError instanceof Error ? lastError.message : String(lastError) };
  }
}
