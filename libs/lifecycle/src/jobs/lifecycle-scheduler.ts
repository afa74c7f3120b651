/** A pass run on a timer. */
export interface ScheduledJob {
  name: string;
  /** Pause between the end of one run and the start of the next; 0 disables the job. */
  intervalMs: number;
  run: () => Promise<unknown>;
}

/** What the scheduler reports (the server logs it). */
export type SchedulerEvent =
  | { job: string; kind: 'started' }
  | { job: string; kind: 'finished'; durationMs: number; result: unknown }
  | { job: string; kind: 'failed'; durationMs: number; error: unknown };

/** Timer functions, injectable for tests. */
export interface SchedulerTimers {
  setTimeout: (callback: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

/** Options of {@link LifecycleScheduler}. */
export interface LifecycleSchedulerOptions {
  jobs: readonly ScheduledJob[];
  onEvent?: (event: SchedulerEvent) => void;
  timers?: SchedulerTimers;
  clock?: () => number;
}

const nodeTimers: SchedulerTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Runs the sealer, parquetizer and retention passes on timers. A job's next run is scheduled only
 * after its current one ends, so runs of a job never overlap; a failed run is reported and the
 * schedule goes on. `stop()` cancels pending timers and waits for runs in progress.
 *
 * @example
 * const scheduler = new LifecycleScheduler({ jobs: [{ name: 'seal', intervalMs: 60_000, run: () => sealerPass(deps) }], onEvent: log });
 * scheduler.start(); … await scheduler.stop();
 */
export class LifecycleScheduler {
  private readonly timers: SchedulerTimers;
  private readonly clock: () => number;
  private readonly pending = new Map<string, unknown>();
  private readonly running = new Map<string, Promise<void>>();
  private stopped = true;

  constructor(private readonly options: LifecycleSchedulerOptions) {
    this.timers = options.timers ?? nodeTimers;
    this.clock = options.clock ?? Date.now;
  }

  /** Schedules every enabled job's first run one interval from now. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    for (const job of this.options.jobs) if (job.intervalMs > 0) this.schedule(job);
  }

  /** Runs a job now unless it is running already; resolves when that run ends. */
  runNow(name: string): Promise<void> {
    const job = this.options.jobs.find((candidate) => candidate.name === name);
    if (job === undefined) return Promise.reject(new RangeError(`no job named "${name}"`));
    return this.running.get(name) ?? this.execute(job);
  }

  /** Cancels pending runs and waits for running ones. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const handle of this.pending.values()) this.timers.clearTimeout(handle);
    this.pending.clear();
    await Promise.all(this.running.values());
  }

  private schedule(job: ScheduledJob): void {
    if (this.stopped) return;
    this.pending.set(
      job.name,
      this.timers.setTimeout(() => {
        this.pending.delete(job.name);
        void (this.running.get(job.name) ?? this.execute(job)).then(() => this.schedule(job));
      }, job.intervalMs),
    );
  }

  private execute(job: ScheduledJob): Promise<void> {
    const started = this.clock();
    this.options.onEvent?.({ job: job.name, kind: 'started' });
    const run = job
      .run()
      .then(
        (result) => this.options.onEvent?.({ job: job.name, kind: 'finished', durationMs: this.clock() - started, result }),
        (error: unknown) => this.options.onEvent?.({ job: job.name, kind: 'failed', durationMs: this.clock() - started, error }),
      )
      .finally(() => this.running.delete(job.name));
    this.running.set(job.name, run);
    return run;
  }
}
