import { decodeAndEventize, summarizeIssues, type EventizeContext, type IngestFormat, type Signal } from '@prism/contract';
import { encodeRows, type EncodedRows, type RowEncodingOptions } from '@prism/storage';
import { requestDigest } from './request-digest';

/** One request's body and what it takes to turn it into stored rows. */
export interface EncodeInput {
  signal: Signal;
  /** The extra (non-OTLP) format of the body, e.g. Zipkin v2; OTLP when absent. */
  format?: IngestFormat;
  body: Uint8Array;
  contentType: string;
  context: EventizeContext;
  encoding: RowEncodingOptions;
}

/** What encoding a request gave: a 400 message, or its rows (none when every record was rejected or it was empty). */
export type EncodeOutcome =
  | { ok: false; message: string }
  | {
      ok: true;
      acceptedRecords: number;
      rejectedRecords: number;
      /** Summary of the rejected records, for `partial_success`. */
      rejectedSummary: string;
      /** The request digest (see `requestDigest`), computed here to keep hashing off the event loop too. */
      digest: string;
      rows: EncodedRows | undefined;
    };

/** Turns requests into encoded rows: on the calling thread or on worker threads. */
export interface RequestEncoder {
  /** Encodes a request; the body may be moved to another thread, so do not read it afterwards. */
  encode(input: EncodeInput): Promise<EncodeOutcome>;
  /** Stops the encoder's threads, if any, once their work is done. */
  close(): Promise<void>;
  /** Requests waiting for a free thread (metrics); absent for inline encoding, which never queues. */
  queuedJobs?(): number;
}

/**
 * Decode → eventize → encode per segment window, and the body's digest: the CPU-heavy part of
 * ingest, pure so it can run on any thread.
 */
export function encodeRequest(input: EncodeInput): EncodeOutcome {
  const decoded = input.format
    ? input.format.eventize(input.body, input.contentType, input.context)
    : decodeAndEventize(input.signal.ingest, input.body, input.contentType, input.context);
  if (!decoded.ok) return { ok: false, message: decoded.error.message };
  const { batch, acceptedRecords, rejected } = decoded.value;
  return {
    ok: true,
    acceptedRecords,
    rejectedRecords: rejected.length,
    rejectedSummary: rejected.length > 0 ? summarizeIssues(rejected) : '',
    digest: requestDigest(input),
    rows: batch.numRows === 0 ? undefined : encodeRows(batch, input.encoding),
  };
}

/** Encodes on the calling thread (Lambda, tests, and `PRISM_INGEST_THREADS=0`). */
export const inlineRequestEncoder: RequestEncoder = {
  encode: async (input) => encodeRequest(input),
  close: async () => undefined,
};

/** {@link EncodeInput} as plain data, to post to a worker thread: the signal and format by name. */
export interface EncodeJob {
  signal: string;
  /** Path of the extra format (e.g. `/api/v2/spans`); OTLP when absent. */
  formatPath?: string;
  body: Uint8Array;
  contentType: string;
  context: EventizeContext;
  encoding: RowEncodingOptions;
}

/** The job for an input. */
export function encodeJobOf(input: EncodeInput): EncodeJob {
  const { signal, format, ...rest } = input;
  return { ...rest, signal: signal.name, ...(format === undefined ? {} : { formatPath: format.path }) };
}

/**
 * The worker side: runs jobs against the signals registered in the worker's own bundle. A job
 * naming an unknown signal or format is a deployment mismatch and throws.
 */
export function encodeJobsWith(signals: readonly Signal[]): (job: EncodeJob) => EncodeOutcome {
  const byName = new Map(signals.map((signal) => [signal.name, signal]));
  return (job) => {
    const signal = byName.get(job.signal);
    if (signal === undefined) throw new Error(`ingest worker: no signal named "${job.signal}"`);
    const format = job.formatPath === undefined ? undefined : signal.ingest.extraFormats.find((candidate) => candidate.path === job.formatPath);
    if (job.formatPath !== undefined && format === undefined) throw new Error(`ingest worker: signal "${job.signal}" has no format at ${job.formatPath}`);
    const { body, contentType, context, encoding } = job;
    return encodeRequest({ signal, ...(format === undefined ? {} : { format }), body, contentType, context, encoding });
  };
}
