import { describe, expect, it } from 'vitest';
import { LifecycleScheduler, type SchedulerEvent, type SchedulerTimers } from './lifecycle-scheduler';

/** Timers moved by hand. */
function manualTimers() {
  let now = 0;
  let next = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const api: SchedulerTimers = {
    setTimeout: (callback, ms) => {
      const id = next++;
      timers.set(id, { at: now + ms, callback });
      return id;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
  };
  const flush = async () => {
    for (let i = 0; i < 10; i++) await Promise.resolve();
  };
  /** Moves time on, firing due timers in order (and those they schedule) as it goes. */
  const advance = async (ms: number) => {
    const target = now + ms;
    for (;;) {
      const due = [...timers].filter(([, timer]) => timer.at <= target).sort((a, b) => a[1].at - b[1].at)[0];
      if (due === undefined) break;
      timers.delete(due[0]);
      now = due[1].at;
      due[1].callback();
      await flush();
    }
    now = target;
    await flush();
  };
  return { api, advance, pendingCount: () => timers.size, now: () => now };
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe('LifecycleScheduler', () => {
  it('runs each job every interval after the previous run ended, never overlapping, and reports failures', async () => {
    const timers = manualTimers();
    const events: SchedulerEvent[] = [];
    const gates: Array<ReturnType<typeof deferred>> = [];
    let sealRuns = 0;
    let failRuns = 0;
    const scheduler = new LifecycleScheduler({
      jobs: [
        { name: 'seal', intervalMs: 100, run: async () => (sealRuns++, gates.push(deferred()), gates.at(-1)?.promise) },
        { name: 'retain', intervalMs: 250, run: async () => (failRuns++, Promise.reject(new Error('disk full'))) },
        { name: 'off', intervalMs: 0, run: async () => expect.unreachable() },
      ],
      onEvent: (event) => events.push(event),
      timers: timers.api,
      clock: timers.now,
    });
    scheduler.start();
    await timers.advance(100);
    expect(sealRuns).toBe(1);
    await timers.advance(500); // the first seal run is still going: no second one starts
    expect(sealRuns).toBe(1);
    expect(failRuns).toBe(2);
    gates[0].resolve();
    await timers.advance(0);
    await timers.advance(100);
    expect(sealRuns).toBe(2);
    expect(events.filter((event) => event.kind === 'failed').map((event) => event.job)).toEqual(['retain', 'retain']);
    expect(events.find((event) => event.kind === 'finished')).toMatchObject({ job: 'seal', durationMs: 500 });

    const stopping = scheduler.stop();
    let stopped = false;
    void stopping.then(() => (stopped = true));
    await timers.advance(0);
    expect(stopped).toBe(false); // waits for the running seal pass
    gates[1].resolve();
    await stopping;
    expect(timers.pendingCount()).toBe(0);
    await timers.advance(1000);
    expect(sealRuns).toBe(2);
  });

  it('runNow joins a run in progress instead of starting a second one', async () => {
    const gate = deferred();
    let runs = 0;
    const scheduler = new LifecycleScheduler({ jobs: [{ name: 'seal', intervalMs: 0, run: async () => (runs++, gate.promise) }], timers: manualTimers().api });
    const first = scheduler.runNow('seal');
    const second = scheduler.runNow('seal');
    gate.resolve();
    await Promise.all([first, second]);
    expect(runs).toBe(1);
    await expect(scheduler.runNow('nope')).rejects.toBeInstanceOf(RangeError);
  });
});
