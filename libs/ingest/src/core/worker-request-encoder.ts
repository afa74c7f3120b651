import { Piscina } from 'piscina';
import { encodeJobOf, type EncodeInput, type EncodeJob, type EncodeOutcome, type RequestEncoder } from './request-encoding';

/** Where the worker threads find their handler, and how many run. */
export interface WorkerRequestEncoderOptions {
  /**
   * A CommonJS file that, loaded on a worker thread, exports `handlerName`: a function built with
   * `encodeJobsWith(signals)`. The apps pass their own bundle, which exports it and serves only on
   * the main thread.
   */
  filename: string;
  handlerName: string;
  /** Worker threads kept running (at least 1). */
  threads: number;
}

/**
 * Encodes requests on a pool of worker threads (piscina), so eventizing and block encoding use
 * every core while the event loop handles HTTP, the catalog and fsync. A thread that dies fails
 * only its own request (the caller answers 503, the client retries) and is replaced.
 */
export class WorkerRequestEncoder implements RequestEncoder {
  private readonly pool: Piscina<EncodeJob, EncodeOutcome>;

  constructor(options: WorkerRequestEncoderOptions) {
    if (!Number.isInteger(options.threads) || options.threads < 1) throw new RangeError('threads must be a whole number of at least 1');
    this.pool = new Piscina({
      filename: options.filename,
      name: options.handlerName,
      minThreads: options.threads,
      maxThreads: options.threads,
      // Threads stay up: starting one costs tens of milliseconds, far more than a request.
      idleTimeout: Number.POSITIVE_INFINITY,
    });
  }

  get threads(): number {
    return this.pool.threads.length;
  }

  /**
   * Moves the body to a worker thread (no copy): the caller must not read `input.body` afterwards.
   * A body that views part of a larger buffer (Node's pool, a decompressor's output) is copied first.
   */
  encode(input: EncodeInput): Promise<EncodeOutcome> {
    const job = encodeJobOf(input);
    const { body } = job;
    const whole = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength && body.buffer instanceof ArrayBuffer;
    if (!whole) job.body = new Uint8Array(body);
    return this.pool.run(job, { transferList: [job.body.buffer as ArrayBuffer] });
  }

  queuedJobs(): number {
    return this.pool.queueSize;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
