import { describe, expect, it } from 'vitest';
import { InMemoryDeadLetterStore } from '../test-support/in-memory-dead-letter-store';
import { InProcessEventBus } from './in-process-event-bus';
import { lifecycleEvent } from './lifecycle-event';
import { replayDeadLetters } from './replay-dead-letters';
import { retryDelayMs } from './retry-schedule';

const SEGMENT = { tenantId: 'acme', dataset: 'spans', segmentId: 'acme/spans/20231114T221000Z-300s' };

function busWith(store = new InMemoryDeadLetterStore()) {
  const sleeps: number[] = [];
  const bus = new InProcessEventBus({
    deadLetters: store,
    retry: { attempts: 4, baseDelayMs: 100, maxDelayMs: 250 },
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
  });
  return { bus, store, sleeps };
}

describe('InProcessEventBus', () => {
  it('computes capped exponential delays with full jitter', () => {
    const schedule = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5].map((retry) => retryDelayMs(schedule, retry, () => 0.999999))).toEqual([99, 199, 399, 799, 999]);
    expect(retryDelayMs(schedule, 3, () => 0)).toBe(0);
  });

  it('delivers to every matching handler, retrying a failing one with backoff until it succeeds', async () => {
    const { bus, store, sleeps } = busWith();
    const seen: string[] = [];
    let failuresLeft = 2;
    bus.subscribe('flaky', async (event) => {
      if (failuresLeft-- > 0) throw new Error('not yet');
      seen.push(`flaky:${event.type}`);
    });
    bus.subscribe('expired-only', async (event) => void seen.push(`expired:${event.type}`), ['segment.expired']);
    const report = await bus.publish(lifecycleEvent('segment.sealed', SEGMENT, Date.UTC(2025, 0, 1)));
    expect(report).toEqual({ delivered: ['flaky'], deadLettered: [] });
    expect(seen).toEqual(['flaky:segment.sealed']);
    expect(sleeps).toEqual([50, 100]); // half of 100, 200 (jitter 0.5)
    expect(store.letters).toEqual([]);
  });

  it('dead-letters an event after the last failed attempt without holding up other handlers, and replays it', async () => {
    const { bus, store, sleeps } = busWith();
    let broken = true;
    const handled: string[] = [];
    bus.subscribe('sink', async (event) => {
      if (broken) throw new Error('sink down');
      handled.push(event.id);
    });
    bus.subscribe('ok', async () => undefined);
    const event = lifecycleEvent('segment.sealed', SEGMENT, Date.UTC(2025, 0, 1), { objectPrefix: 'shard=0/x' });
    const report = await bus.publish(event);
    expect(report.delivered).toEqual(['ok']);
    expect(report.deadLettered).toEqual(['sink']);
    expect(sleeps).toEqual([50, 100, 125]); // 100, 200, then capped at 250
    expect(store.letters).toHaveLength(1);
    expect(store.letters[0]).toMatchObject({ tenantId: 'acme', eventType: 'segment.sealed', handler: 'sink', error: 'sink down', attempts: 4, event });

    const failedAgain = await replayDeadLetters(bus, store, 'all');
    expect(failedAgain.failed).toEqual([{ id: store.letters[0].id, error: 'sink down' }]);
    expect(store.letters[0].attempts).toBe(8);

    broken = false;
    const replayed = await replayDeadLetters(bus, store, store.letters[0].id);
    expect(replayed).toEqual({ replayed: [store.letters[0].id], failed: [], notFound: [] });
    expect(handled).toEqual([event.id]);
    expect(await store.list()).toEqual([]);
    expect((await replayDeadLetters(bus, store, store.letters[0].id)).notFound).toEqual([store.letters[0].id]);
  });

  it('refuses duplicate handler names and forgets unsubscribed handlers', async () => {
    const { bus } = busWith();
    const stop = bus.subscribe('a', async () => undefined);
    expect(() => bus.subscribe('a', async () => undefined)).toThrow(RangeError);
    stop();
    expect(bus.handlerNames()).toEqual([]);
    expect(await bus.deliverTo('a', lifecycleEvent('segment.expired', SEGMENT, 0))).toMatchObject({ ok: false, attempts: 0 });
  });
});
