import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ColumnIndexing, RowBatch } from '@prism/contract';
import { datasetDir, segmentPaths, type SegmentPaths } from '../disk-names';
import { isAlreadyExists, renameDurably, replaceFileAtomically, syncDirectory, tempPathFor, writeFilesDurably } from '../durable-fs';
import { CommitStateError, LeaseLostError, SegmentSealedError } from '../errors';
import type { SavedBlockStats } from '../format/block-stats';
import { BLOCK_FORMAT_VERSION } from '../format/block-format';
import {
  MANIFEST_CHECKPOINT_INTERVAL,
  MANIFEST_FORMAT_VERSION,
  emptyManifest,
  serializeManifest,
  type ManifestColumn,
  type ManifestCommit,
  type SegmentManifest,
} from '../format/manifest';
import { assertSafeId } from '../names';
import { encodeCommit, type EncodedCommit } from './commit-encoder';
import { mergeEncodedWindows, type EncodedWindowRows } from './encoded-rows';
import { whenDurable, type PreparedBlock, type PreparedCommit, type SegmentTotals } from './prepared-commit';
import { cleanUpUnpublished, formatHead, readHeadManifest, readHeadVersion } from './segment-state';
import { SegmentLease } from './segment-lease';
import { readSealRecord } from './segment-seal';
import type { SegmentWindow } from './segment-window';

/** What a {@link SegmentWriter} needs to open a segment. */
export interface SegmentWriterOptions {
  root: string;
  tenantId: string;
  dataset: string;
  window: SegmentWindow;
  leaseTtlMs: number;
  indexing: ColumnIndexing;
  clock: () => number;
}

/**
 * The single writer of one segment while it holds the lease. Commits are two-phase:
 * {@link prepareCommit} writes and fsyncs blocks, stats and the next manifest; the returned
 * {@link PreparedCommit}'s `publish()` moves HEAD, `abort()` deletes what was written. Commits to
 * one segment are serialized: the next prepare waits until the previous commit is settled.
 */
export class SegmentWriter {
  private tail: Promise<void> = Promise.resolve();

  private constructor(
    private readonly options: SegmentWriterOptions,
    private readonly paths: SegmentPaths,
    private readonly lease: SegmentLease,
    private manifest: SegmentManifest,
    /** Totals of the published commits, kept as commits publish (undefined before the first). */
    private totals: SegmentTotals | undefined = totalsOf(manifest),
  ) {}

  /**
   * Takes the segment's lease, creates it if new, and cleans up what crashed writers left. A sealed
   * segment (`.seal`) is refused with {@link SegmentSealedError}, checked again under the lease
   * because the sealer writes `.seal` while it holds it.
   */
  static async open(options: SegmentWriterOptions): Promise<SegmentWriter> {
    assertSafeId('tenant', options.tenantId);
    assertSafeId('dataset', options.dataset);
    const { window } = options;
    const paths = segmentPaths(join(datasetDir(options.root, options.tenantId, options.dataset), window.segmentId));
    if ((await readSealRecord(paths.dir)) !== undefined) throw new SegmentSealedError(paths.dir);
    const created = await mkdir(paths.dir, { recursive: true });
    await Promise.all([paths.manifestDir, paths.statsDir, paths.commitBlocksDir].map((dir) => mkdir(dir, { recursive: true })));
    if (created !== undefined) await syncDirectory(dirname(paths.dir));
    const lease = await SegmentLease.acquire(paths.dir, options.leaseTtlMs, options.clock);
    try {
      if ((await readSealRecord(paths.dir)) !== undefined) throw new SegmentSealedError(paths.dir);
      const fresh = emptyManifest(options.tenantId, options.dataset, window.segmentId, window.startNs, window.endNs);
      const manifest = (await readHeadManifest(paths)) ?? fresh;
      await cleanUpUnpublished(paths, manifest);
      if (manifest.version === 0) await replaceFileAtomically(paths.meta, segmentMeta(fresh), paths.dir);
      return new SegmentWriter(options, paths, lease, manifest);
    } catch (error) {
      await lease.release();
      throw error;
    }
  }

  get segmentId(): string {
    return this.options.window.segmentId;
  }

  /** Version of the last published manifest (0 before the first commit). */
  get version(): number {
    return this.manifest.version;
  }

  /** Writes rows `rows` of `batch` (all when omitted) as the next commit, without publishing it. */
  async prepareCommit(batch: RowBatch, rows?: number[]): Promise<PreparedCommit> {
    return whenDurable(await this.prepare((columns) => encodeCommit(batch, rows, columns, this.options.indexing)));
  }

  /**
   * Rows encoded elsewhere (see `encodeRows`) as the next commit, every part's chunks joined into
   * one block per column in part order. Resolves once the commit is planned (manifest version,
   * totals, blocks), while its files are still being written: `durable` settles when they are fsynced.
   * Lets a caller overlap its own work (the catalog transaction) with the disk; `publish()` waits
   * for `durable`, and a failed write leaves only `abort()` to call.
   */
  startEncoded(parts: readonly Omit<EncodedWindowRows, 'window'>[]): Promise<PreparedCommit> {
    return this.prepare((columns) => mergeEncodedWindows(parts, columns, this.options.indexing));
  }

  /**
   * Encodes (against the segment's columns as of the last published commit) and starts writing the
   * next commit; its `durable` says when the files are fsynced.
   */
  private async prepare(encode: (columns: readonly ManifestColumn[]) => EncodedCommit): Promise<PreparedCommit> {
    const settle = await this.takeTurn();
    try {
      await this.lease.renewIfDue();
      await this.lease.verify();
      return this.writeCommit(encode(this.manifest.columns), settle);
    } catch (error) {
      settle();
      throw error;
    }
  }

  /** Releases the lease. A commit still prepared stays unpublished and is cleaned up by the next writer. */
  async close(): Promise<void> {
    await this.lease.release();
  }

  /** Plans the next commit and starts writing its files; the returned commit's `durable` says when they are fsynced. */
  private writeCommit(encoded: EncodedCommit, settle: () => void): PreparedCommit {
    const { paths } = this;
    const number = this.manifest.version + 1;
    const written: string[] = [];
    const savedStats: Record<string, SavedBlockStats> = {};
    // All of a commit's column blocks go into one file: one fsync instead of one per column
    // (measured: ~1 ms against ~10-25 ms for 40 files, see README). Each block keeps its own
    // header and checksum, so a block read by its manifest range is checked on its own.
    const ordered = [...encoded.blocks].sort((a, b) => a.columnIndex - b.columnIndex);
    let offset = 0;
    for (const block of ordered) {
      offset += block.bytes.length;
      savedStats[block.column.name] = {
        ...block.stats.stats,
        ...(block.distinctValues ? { values: block.distinctValues } : {}),
        ...(block.stats.bloom ? { bloom: block.stats.bloom.save() } : {}),
      };
    }
    const blockFile = new Uint8Array(offset);
    offset = 0;
    for (const block of ordered) {
      blockFile.set(block.bytes, offset);
      offset += block.bytes.length;
    }
    const statsText = JSON.stringify({ commit: number, columns: savedStats });
    const bytes = blockFile.length + statsText.length;
    const next: SegmentManifest = {
      ...this.manifest,
      formatVersion: MANIFEST_FORMAT_VERSION,
      blockFormatVersion: BLOCK_FORMAT_VERSION,
      version: number,
      columns: encoded.columns,
      commits: [
        ...this.manifest.commits,
        {
          number,
          rowCount: encoded.rowCount,
          bytes,
          minTimestampNs: String(encoded.minTimestampNs),
          maxTimestampNs: String(encoded.maxTimestampNs),
          columns: ordered.map((block) => block.columnIndex),
          blockLengths: ordered.map((block) => block.bytes.length),
        },
      ],
    };
    // A whole manifest every MANIFEST_CHECKPOINT_INTERVAL commits, deltas over it in between.
    const checkpoint = this.checkpointVersion();
    const base = checkpoint !== undefined && number - checkpoint < MANIFEST_CHECKPOINT_INTERVAL ? checkpoint : undefined;
    if (base === undefined) delete next.base;
    else next.base = base;
    // Blocks, stats and the manifest are written and fsynced side by side, with their directories:
    // none is visible before HEAD names the manifest, which happens only once all are durable.
    // Files are created exclusively: a writer that lost its lease can never overwrite the new
    // owner's files, and only files this commit created are ever removed by it.
    const manifestText = serializeManifest(next, base);
    // HEAD's next content is written and fsynced now too, under a temp name: publishing is then a
    // rename and a directory fsync.
    const nextHead = tempPathFor(paths.head);
    const durable = writeFilesDurably(
      [
        { path: paths.commitBlocks(number), content: blockFile },
        { path: paths.stats(number), content: statsText },
        { path: paths.manifest(number), content: manifestText },
        { path: nextHead, content: formatHead(number) },
      ],
      [paths.commitBlocksDir, paths.statsDir, paths.manifestDir],
      (path) => written.push(path),
    ).catch(async (error: unknown) => {
      await removeAll(written.splice(0));
      // Leftovers of a writer that lost this segment block our file names: clear them for the retry.
      if (isAlreadyExists(error)) await cleanUpUnpublished(paths, this.manifest);
      throw error;
    });
    // Whoever holds the commit hears of a failure through `durable`, `publish()` or `abort()`.
    durable.catch(() => undefined);

    const blocks: PreparedBlock[] = encoded.blocks.map((block) => ({
      column: block.column.name,
      type: block.column.type,
      encoding: block.info.encoding,
      compression: block.info.compression,
      bytes: block.info.bytes,
      stats: block.stats.stats,
      bloom: block.stats.bloom?.save(),
    }));
    return this.preparedCommit(next, encoded, blocks, bytes, written, durable, nextHead, settle);
  }

  private preparedCommit(
    next: SegmentManifest,
    encoded: EncodedCommit,
    blocks: PreparedBlock[],
    bytes: number,
    written: string[],
    durable: Promise<void>,
    nextHead: string,
    settle: () => void,
  ): PreparedCommit {
    const { options, paths } = this;
    const segmentTotals = withCommit(this.totals, next.commits[next.commits.length - 1]);
    let state: 'prepared' | 'published' | 'aborted' = 'prepared';
    const finish = (to: 'published' | 'aborted') => {
      state = to;
      settle();
    };
    return {
      tenantId: options.tenantId,
      dataset: options.dataset,
      segmentId: options.window.segmentId,
      windowStartNs: options.window.startNs,
      windowEndNs: options.window.endNs,
      manifestVersion: next.version,
      rowCount: encoded.rowCount,
      bytes,
      minTimestampNs: encoded.minTimestampNs,
      maxTimestampNs: encoded.maxTimestampNs,
      blocks,
      segmentTotals,
      traceIds: encoded.traceIds,
      durable,
      publish: async () => {
        if (state !== 'prepared') throw new CommitStateError(`cannot publish a commit that was ${state}`);
        await durable;
        try {
          await this.lease.verify();
          // HEAD must still be where this commit started; anything else means another writer moved it.
          if ((await readHeadVersion(paths)) !== next.version - 1) throw new LeaseLostError(paths.dir);
          await renameDurably(nextHead, paths.head, paths.dir);
        } catch (error) {
          // The files may now collide with the new owner's: leave them to its clean-up.
          if (error instanceof LeaseLostError) finish('aborted');
          throw error;
        }
        this.manifest = next;
        this.totals = segmentTotals;
        finish('published');
      },
      abort: async () => {
        if (state === 'aborted') return;
        if (state === 'published') throw new CommitStateError('cannot abort a published commit');
        // Let the writes finish (or fail and clean up) before removing what they created.
        await durable.catch(() => undefined);
        try {
          const stillOurs = await this.lease.verify().then(
            () => true,
            (error: unknown) => (error instanceof LeaseLostError ? false : Promise.reject(error)),
          );
          if (stillOurs) await removeAll(written);
        } finally {
          finish('aborted');
        }
      },
    };
  }

  /** The version of the last whole manifest published (HEAD's base, or HEAD itself). */
  private checkpointVersion(): number | undefined {
    if (this.manifest.version === 0) return undefined;
    return this.manifest.base ?? this.manifest.version;
  }

  private async takeTurn(): Promise<() => void> {
    let settle!: () => void;
    const turn = new Promise<void>((resolve) => (settle = resolve));
    const previous = this.tail;
    this.tail = previous.then(() => turn);
    await previous;
    return settle;
  }
}

/** Totals over a manifest's commits; undefined when it has none. */
function totalsOf(manifest: SegmentManifest): SegmentTotals | undefined {
  return manifest.commits.reduce<SegmentTotals | undefined>(withCommit, undefined);
}

/** Totals with one more commit. */
function withCommit(totals: SegmentTotals | undefined, commit: ManifestCommit): SegmentTotals {
  const [min, max] = [BigInt(commit.minTimestampNs), BigInt(commit.maxTimestampNs)];
  if (totals === undefined) return { rowCount: commit.rowCount, bytes: commit.bytes, minTimestampNs: min, maxTimestampNs: max };
  return {
    rowCount: totals.rowCount + commit.rowCount,
    bytes: totals.bytes + commit.bytes,
    minTimestampNs: min < totals.minTimestampNs ? min : totals.minTimestampNs,
    maxTimestampNs: max > totals.maxTimestampNs ? max : totals.maxTimestampNs,
  };
}

function segmentMeta(manifest: SegmentManifest): string {
  const { formatVersion, tenantId, dataset, segmentId, windowStartNs, windowEndNs } = manifest;
  return JSON.stringify({ formatVersion, tenantId, dataset, segmentId, windowStartNs, windowEndNs });
}

async function removeAll(files: string[]): Promise<void> {
  await Promise.all(files.map((file) => rm(file, { force: true })));
}
