import type { Catalog, Segment } from '@prism/catalog';
import type { ColumnIndexing, ColumnType } from '@prism/contract';
import {
  PARQUET_FORMAT_VERSION,
  defaultParquetWriteOptions,
  parquetPartKey,
  writeParquetPart,
  type ObjectStore,
  type ParquetWriteOptions,
  type SegmentReader,
} from '@prism/storage';
import { lifecycleEvent } from '../events/lifecycle-event';
import type { LifecycleEventBus } from '../events/lifecycle-event-bus';
import { findHourWork, type HourDeferral, type HourWork } from './hour-work';
import { deleteSegmentCopies, openSealedSegment } from './segment-copies';

/** What the parquetizer runs on. */
export interface ParquetizerDeps {
  catalog: Pick<Catalog, 'forTenant' | 'tenants'>;
  /** Root of the hot store (`PRISM_HOT_DIR`). */
  hotRoot: string;
  objectStore: ObjectStore;
  /** Milliseconds since the epoch. */
  clock: () => number;
  /** Receives `segment.parquetized`, one per segment once its part is committed. */
  events?: LifecycleEventBus;
  /**
   * The indexing each dataset's signal declares (runtime's `datasetIndexingOf`): its trace-id
   * column gets per-row-group Bloom filters, for cold trace lookups. Required: a caller that
   * forgot it would silently write Parquet without them.
   */
  indexingFor: (dataset: string) => ColumnIndexing;
}

/** How a pass chooses and writes its work. */
export interface ParquetizerOptions {
  /** An hour is compacted only this long after it ended, so late rows can still reach its segments. */
  latenessMs: number;
  /** Sealed segments looked at per tenant and pass. */
  segmentsPerTenant: number;
  /** Only these tenants; all when absent. */
  tenants?: readonly string[];
  write: ParquetWriteOptions;
  /** Delete hot and warm copies after the catalog commit (off only in tests of crash recovery). */
  deleteCopies: boolean;
}

export function defaultParquetizerOptions(): ParquetizerOptions {
  return { latenessMs: 15 * 60_000, segmentsPerTenant: 1000, write: defaultParquetWriteOptions(), deleteCopies: true };
}

/** Progress of a pass, one event per step worth logging. */
export type ParquetizerEvent =
  | { kind: 'part-written'; tenantId: string; dataset: string; objectKey: string; segments: number; rows: number; bytes: number; ms: number }
  | { kind: 'hour-deferred'; tenantId: string; dataset: string; hourStartNs: bigint; reason: HourDeferral }
  | { kind: 'copies-deleted'; tenantId: string; segmentId: string; warmObjects: number }
  | { kind: 'failed'; tenantId: string; dataset: string; hourStartNs: bigint; error: string };

/** What a pass did. */
export interface ParquetizerReport {
  parts: number;
  segments: number;
  rows: number;
  bytes: number;
  deferredHours: number;
  failures: number;
}

/**
 * One parquetizer pass: for each tenant, the hours whose segments are all sealed and past the
 * lateness window are compacted into a new `part-NNN.parquet` (per group of segments whose column
 * types agree); the file, its row groups and the segments' move to `parquetized` are recorded in
 * ONE catalog transaction; then `segment.parquetized` is published per segment and the hot and
 * warm copies are deleted. A crash in between leaves extra copies that readers ignore (they pick a
 * tier by catalog state). The hot directory stays as a `.seal`-only tombstone, so late rows of the
 * window go to its next generation (`<window>~2`), which a later pass compacts into the next part.
 *
 * @example await parquetizerPass({ catalog, hotRoot, objectStore, clock: Date.now }, defaultParquetizerOptions(), (e) => log(e))
 */
export async function parquetizerPass(
  deps: ParquetizerDeps,
  options: ParquetizerOptions = defaultParquetizerOptions(),
  progress: (event: ParquetizerEvent) => void = () => undefined,
): Promise<ParquetizerReport> {
  const report: ParquetizerReport = { parts: 0, segments: 0, rows: 0, bytes: 0, deferredHours: 0, failures: 0 };
  const tenants = options.tenants ?? (await deps.catalog.tenants.list()).map((tenant) => tenant.tenantId);
  const nowNs = BigInt(deps.clock()) * 1_000_000n;
  for (const tenantId of tenants) {
    const tenant = deps.catalog.forTenant(tenantId);
    const { ready, deferred } = await findHourWork(tenant, nowNs, BigInt(options.latenessMs) * 1_000_000n, options.segmentsPerTenant);
    for (const { hour, reason } of deferred) {
      report.deferredHours++;
      progress({ kind: 'hour-deferred', tenantId, dataset: hour.dataset, hourStartNs: hour.hourStartNs, reason });
    }
    for (const work of ready) {
      try {
        await compactHour(deps, options, work, report, progress);
      } catch (error) {
        report.failures++;
        progress({
          kind: 'failed',
          tenantId,
          dataset: work.dataset,
          hourStartNs: work.hourStartNs,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }
  return report;
}

/** The write options with the dataset's trace-id column added to the Bloom-filtered columns. */
function writeOptionsFor(deps: ParquetizerDeps, options: ParquetizerOptions, dataset: string): ParquetWriteOptions {
  const traceIdColumn = deps.indexingFor(dataset).traceIdColumn;
  if (traceIdColumn === undefined || options.write.bloomColumns.includes(traceIdColumn)) return options.write;
  return { ...options.write, bloomColumns: [...options.write.bloomColumns, traceIdColumn] };
}

async function compactHour(
  deps: ParquetizerDeps,
  options: ParquetizerOptions,
  work: HourWork,
  report: ParquetizerReport,
  progress: (event: ParquetizerEvent) => void,
): Promise<void> {
  const tenant = deps.catalog.forTenant(work.tenantId);
  const opened = await Promise.all(work.segments.map(async (segment) => ({ segment, ...(await openSealedSegment(deps.hotRoot, deps.objectStore, segment)) })));
  for (const group of compatibleGroups(opened)) {
    const started = performance.now();
    const tables = await Promise.all(group.map(({ reader }) => reader.readColumns()));
    const written = await writeParquetPart(tables, writeOptionsFor(deps, options, work.dataset));
    const part = await tenant.parquetFiles.nextPart(work.dataset, work.shardId, work.hourStartNs);
    const objectKey = parquetPartKey({ shardId: work.shardId, tenantId: work.tenantId, dataset: work.dataset, hourStartNs: work.hourStartNs, part });
    await deps.objectStore.put(objectKey, written.bytes, { contentType: 'application/vnd.apache.parquet' });
    const segments = group.map(({ segment }) => segment);
    const groups = written.rowGroups;
    try {
      await tenant.transaction(async (t) => {
        await t.parquetFiles.record({
          file: {
            objectKey,
            dataset: work.dataset,
            shardId: work.shardId,
            hourStartNs: work.hourStartNs,
            part,
            bytes: written.bytes.length,
            rowCount: written.rowCount,
            minTimestampNs: groups.reduce((min, g) => (g.minTimestampNs < min ? g.minTimestampNs : min), groups[0]?.minTimestampNs ?? 0n),
            maxTimestampNs: groups.reduce((max, g) => (g.maxTimestampNs > max ? g.maxTimestampNs : max), groups[0]?.maxTimestampNs ?? 0n),
            formatVersion: PARQUET_FORMAT_VERSION,
            columns: written.columns,
          },
          rowGroups: groups,
          segmentIds: segments.map((segment) => segment.segmentId),
        });
        for (const segment of segments) await t.segments.transition(segment.segmentId, 'parquetized');
      });
    } catch (error) {
      // Not recorded: the object is an orphan nobody reads; the next pass reuses its part number.
      await deps.objectStore.delete(objectKey).catch(() => undefined);
      throw error;
    }
    report.parts++;
    report.segments += segments.length;
    report.rows += written.rowCount;
    report.bytes += written.bytes.length;
    progress({
      kind: 'part-written',
      tenantId: work.tenantId,
      dataset: work.dataset,
      objectKey,
      segments: segments.length,
      rows: written.rowCount,
      bytes: written.bytes.length,
      ms: performance.now() - started,
    });
    // Announced right after the commit, as the sealer does: the tier switch is what subscribers see.
    for (const segment of segments) {
      await deps.events?.publish(lifecycleEvent('segment.parquetized', segment, deps.clock(), { objectKey, part, rowCount: segment.rowCount }));
    }
    if (!options.deleteCopies) continue;
    for (const segment of segments) {
      const { warmObjects } = await deleteSegmentCopies(deps.hotRoot, deps.objectStore, segment, deps.clock());
      progress({ kind: 'copies-deleted', tenantId: work.tenantId, segmentId: segment.segmentId, warmObjects });
    }
  }
}

/** Splits segments into groups whose columns never disagree on a type (one Parquet schema each). */
function compatibleGroups<T extends { segment: Segment; reader: SegmentReader }>(opened: readonly T[]): T[][] {
  const groups: Array<{ types: Map<string, ColumnType>; members: T[] }> = [];
  for (const item of opened) {
    const columns = item.reader.columns();
    const group = groups.find(({ types }) => columns.every(({ name, type }) => (types.get(name) ?? type) === type));
    const target = group ?? { types: new Map<string, ColumnType>(), members: [] };
    if (group === undefined) groups.push(target);
    for (const { name, type } of columns) target.types.set(name, type);
    target.members.push(item);
  }
  return groups.map((group) => group.members);
}
