import { BaseColumn, noColumnIndexing, type ColumnIndexing, type RowBatch } from '@prism/contract';
import { InvalidBatchError, LeaseLostError, SegmentSealedError } from './errors';
import type { EncodedRows, EncodedWindowRows, RowEncodingOptions } from './segment/encoded-rows';
import { assertSafeId } from './names';
import { partitionByWindow } from './segment/batch-partition';
import { isCommitPublished, type RecordedCommit } from './segment/published-commit';
import { whenDurable, type PreparedCommit } from './segment/prepared-commit';
import { SegmentWriter } from './segment/segment-writer';
import { windowGeneration, type SegmentWindow } from './segment/segment-window';

/** Options of {@link HotStoreWriter}. */
export interface HotStoreWriterOptions {
  /** Hot store root (`PRISM_HOT_DIR`). */
  root: string;
  /** Segment window length; a whole number of seconds. */
  segmentDurationMs: number;
  /** How long a segment lease lasts without renewal; writers renew at half of it. */
  leaseTtlMs: number;
  /**
   * Which columns of a dataset's rows get dictionaries, Bloom filters and trace hints: the
   * indexing of the signal that owns the dataset (runtime builds it from the registered signals).
   * Storage has no policy of its own: by default nothing is indexed.
   */
  indexingFor: (dataset: string) => ColumnIndexing;
  clock: () => number;
}

export function defaultHotStoreWriterOptions(): Omit<HotStoreWriterOptions, 'root'> {
  return {
    segmentDurationMs: 5 * 60_000,
    leaseTtlMs: 30_000,
    indexingFor: () => noColumnIndexing(),
    clock: Date.now,
  };
}

/** A batch prepared across the segments its rows fall into. */
export interface PreparedBatch {
  /** One prepared commit per segment, in time order. */
  readonly segments: readonly PreparedCommit[];
  readonly rowCount: number;
  /** Settles once every segment's files are fsynced (see `startEncoded`). */
  readonly durable: Promise<void>;
  /** Publishes every segment's commit in order. */
  publish(): Promise<void>;
  /** Aborts every segment's commit that was not published. */
  abort(): Promise<void>;
}

/**
 * Writes row batches into the hot store: rows go to the segment of their timestamp window, and
 * each segment gets one two-phase commit.
 *
 * @example
 * const store = new HotStoreWriter({ root: '.prism/hot' });
 * const prepared = await store.prepareCommit('acme', 'spans', batch);
 * try { await catalog.record(prepared.segments); } catch (e) { await prepared.abort(); throw e; }
 * await prepared.publish();
 */
export class HotStoreWriter {
  private readonly options: HotStoreWriterOptions;
  private readonly writers = new Map<string, Promise<SegmentWriter>>();

  constructor(options: Partial<HotStoreWriterOptions> & { root: string }) {
    this.options = { ...defaultHotStoreWriterOptions(), ...options };
    if (!Number.isInteger(this.options.segmentDurationMs / 1000) || this.options.segmentDurationMs <= 0) {
      throw new RangeError('segmentDurationMs must be a positive whole number of seconds');
    }
  }

  /** Writes a batch's blocks and manifests in every segment it touches; nothing is visible until `publish()`. */
  async prepareCommit(tenantId: string, dataset: string, batch: RowBatch): Promise<PreparedBatch> {
    assertSafeId('tenant', tenantId);
    assertSafeId('dataset', dataset);
    return this.prepareWindows(
      tenantId,
      dataset,
      partitionByWindow(batch, this.options.segmentDurationMs).map(({ window, rows }) => ({ window, prepare: (writer) => writer.prepareCommit(batch, rows) })),
    );
  }

  /**
   * Like {@link prepareCommit} for rows already encoded by `encodeRows` (on any thread, with
   * {@link encodingOptionsFor} the same dataset): several requests' rows go into one commit per segment, in order.
   */
  async prepareEncoded(tenantId: string, dataset: string, requests: readonly EncodedRows[]): Promise<PreparedBatch> {
    return whenDurable(await this.startEncoded(tenantId, dataset, requests));
  }

  /**
   * Like {@link prepareEncoded}, but resolves once every segment's commit is planned, while the
   * files are still being written: `durable` settles when they are fsynced. Ingest overlaps its
   * catalog transaction with the disk this way and lets the transaction commit only after
   * `durable`, so the catalog never describes files that are not on disk.
   */
  async startEncoded(tenantId: string, dataset: string, requests: readonly EncodedRows[]): Promise<PreparedBatch> {
    assertSafeId('tenant', tenantId);
    assertSafeId('dataset', dataset);
    const byWindow = new Map<string, { window: SegmentWindow; parts: EncodedWindowRows[] }>();
    for (const request of requests) {
      for (const part of request.windows) {
        if (part.window.endNs - part.window.startNs !== BigInt(this.options.segmentDurationMs) * 1_000_000n) {
          throw new InvalidBatchError(`rows were encoded for ${part.window.segmentId}, not this store's window length`, BaseColumn.timestamp);
        }
        const entry = byWindow.get(part.window.segmentId) ?? { window: part.window, parts: [] };
        entry.parts.push(part);
        byWindow.set(part.window.segmentId, entry);
      }
    }
    const windows = [...byWindow.values()].sort((a, b) => (a.window.startNs < b.window.startNs ? -1 : 1));
    return this.prepareWindows(
      tenantId,
      dataset,
      windows.map(({ window, parts }) => ({ window, prepare: (writer) => writer.startEncoded(parts) })),
    );
  }

  /** What `encodeRows` needs to encode rows of `dataset` for this store. */
  encodingOptionsFor(dataset: string): RowEncodingOptions {
    return { segmentDurationMs: this.options.segmentDurationMs, indexing: this.options.indexingFor(dataset) };
  }

  /** One two-phase commit per window's segment (latest generation), all aborted if one fails. */
  private async prepareWindows(
    tenantId: string,
    dataset: string,
    windows: readonly { window: SegmentWindow; prepare: (writer: SegmentWriter) => Promise<PreparedCommit> }[],
  ): Promise<PreparedBatch> {
    const prepared: PreparedCommit[] = [];
    try {
      for (const { window, prepare } of windows) {
        const key = `${tenantId}/${dataset}/${window.segmentId}`;
        const open = () => this.openLatestGeneration(tenantId, dataset, window);
        try {
          prepared.push(await this.forgetOnLeaseLoss(key, prepare(await this.writerFor(key, open))));
        } catch (error) {
          // A cached writer loses its lease when the sealer freezes its segment: reopen once, which
          // lands on the window's next generation, instead of failing the batch. Any other lease
          // loss fails again on reopen (the segment's lease is held) and is thrown.
          if (!(error instanceof LeaseLostError)) throw error;
          prepared.push(await this.forgetOnLeaseLoss(key, prepare(await this.writerFor(key, open))));
        }
      }
    } catch (error) {
      await Promise.all(prepared.map((commit) => commit.abort()));
      throw error;
    }
    return this.batchOf(tenantId, dataset, prepared);
  }

  /**
   * Whether a commit this store prepared (as recorded before publishing) is in its segment's
   * published HEAD. `false` only when it is not there; a segment that cannot be read throws (see
   * `isCommitPublished`). Answered by the store that writes the segments, so callers need not know
   * where or how it keeps them.
   */
  isPublished(tenantId: string, dataset: string, commit: RecordedCommit): Promise<boolean> {
    return isCommitPublished(this.options.root, tenantId, dataset, commit);
  }

  /** Releases every segment lease this writer holds. */
  async close(): Promise<void> {
    const writers = await Promise.allSettled(this.writers.values());
    this.writers.clear();
    await Promise.all(writers.map((result) => (result.status === 'fulfilled' ? result.value.close() : undefined)));
  }

  /**
   * Opens the window's first generation that is not sealed: rows arriving after a segment was
   * sealed (late data, or a segment sealed by size) go to `<window id>~2`, `~3`, … and never into
   * the sealed one.
   */
  private async openLatestGeneration(tenantId: string, dataset: string, window: SegmentWindow): Promise<SegmentWriter> {
    for (let generation = 1; ; generation++) {
      try {
        return await SegmentWriter.open({
          ...this.options,
          indexing: this.options.indexingFor(dataset),
          tenantId,
          dataset,
          window: windowGeneration(window, generation),
        });
      } catch (error) {
        if (!(error instanceof SegmentSealedError)) throw error;
      }
    }
  }

  private batchOf(tenantId: string, dataset: string, segments: PreparedCommit[]): PreparedBatch {
    let next = 0;
    const durable = Promise.all(segments.map((commit) => commit.durable)).then(() => undefined);
    durable.catch(() => undefined);
    return {
      segments,
      rowCount: segments.reduce((sum, commit) => sum + commit.rowCount, 0),
      durable,
      publish: async () => {
        try {
          for (; next < segments.length; next++) {
            const commit = segments[next];
            await this.forgetOnLeaseLoss(`${tenantId}/${dataset}/${commit.segmentId}`, commit.publish());
          }
        } catch (error) {
          await Promise.all(segments.slice(next).map((commit) => commit.abort()));
          throw error;
        }
      },
      abort: async () => {
        await Promise.all(segments.slice(next).map((commit) => commit.abort()));
      },
    };
  }

  private writerFor(key: string, open: () => Promise<SegmentWriter>): Promise<SegmentWriter> {
    let writer = this.writers.get(key);
    if (writer === undefined) {
      writer = open();
      this.writers.set(key, writer);
      writer.catch(() => this.writers.delete(key));
    }
    return writer;
  }

  /** A writer that lost its lease is dropped, so the next batch re-acquires the segment. */
  private async forgetOnLeaseLoss<T>(key: string, work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (error) {
      if (error instanceof LeaseLostError) this.writers.delete(key);
      throw error;
    }
  }
}
