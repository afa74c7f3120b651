import { segmentAddressOf, type Segment } from '@prism/catalog';
import { LeaseHeldError, parseSegmentId, type ObjectStore, type SealedUploadOptions } from '@prism/storage';
import { lifecycleEvent } from '../events/lifecycle-event';
import type { LifecycleEventBus } from '../events/lifecycle-event-bus';
import { noProgress, type ProgressListener } from '../jobs/pass-progress';
import type { SealerCatalog } from './sealer-catalog';
import { sealSegment } from './seal-segment';

/** What a sealer pass works with. */
export interface SealerDeps {
  catalog: SealerCatalog;
  /** This shard's hot store root (`PRISM_HOT_DIR`). */
  hotRoot: string;
  objects: ObjectStore;
  /** Receives `segment.sealed`. */
  events?: LifecycleEventBus;
  clock?: () => number;
}

/** When a segment is due and how much one pass does. */
export interface SealerOptions {
  /** A segment is sealed once its window ended this long ago (room for late data). */
  graceMs: number;
  /** A segment this large is sealed even while its window is open; later rows go to the next generation. */
  maxSegmentBytes: number;
  /** TTL of the lease taken to freeze a segment. */
  leaseTtlMs: number;
  /** Most segments per tenant and state looked at in one pass. */
  batchSize: number;
  /** Only segments written by this shard (one sealer per shard, each with its own hot root). */
  shardId?: number;
  upload?: Partial<SealedUploadOptions>;
}

export function defaultSealerOptions(): SealerOptions {
  return { graceMs: 60_000, maxSegmentBytes: 256 * 1024 * 1024, leaseTtlMs: 30_000, batchSize: 500 };
}

/** What a pass did. Failures are values: one bad segment does not stop the pass. */
export interface SealerSummary {
  sealed: string[];
  /** Of `sealed`, those that a crashed pass had left in `sealing`. */
  resumed: string[];
  /** A writer held the lease: tried again next pass. */
  busy: string[];
  failed: Array<{ segmentId: string; error: string }>;
  /** Open segments looked at that are not due yet. */
  notDue: number;
}

/** Whether an open segment should be sealed now: its window plus grace is over, or it is big enough. */
export function isDueForSealing(segment: Segment, nowMs: number, options: Pick<SealerOptions, 'graceMs' | 'maxSegmentBytes'>): boolean {
  if (segment.bytes >= options.maxSegmentBytes) return true;
  const window = parseSegmentId(segmentAddressOf(segment.segmentId)?.segmentId ?? '');
  // Unparseable ids are "due" so that they surface as failures rather than sit unnoticed.
  if (window === undefined) return true;
  return Number(window.endNs / 1_000_000n) + options.graceMs <= nowMs;
}

/**
 * One sealer pass over every tenant: first segments a crashed pass left in `sealing`, then open
 * segments that are due. Reports progress per segment and emits `segment.sealed`.
 *
 * @example const summary = await sealerPass({ catalog: catalogSealerStore(catalog), hotRoot, objects }, defaultSealerOptions(), console.log);
 */
export async function sealerPass(deps: SealerDeps, options: Partial<SealerOptions> = {}, progress: ProgressListener = noProgress): Promise<SealerSummary> {
  const settings = { ...defaultSealerOptions(), ...options };
  const clock = deps.clock ?? Date.now;
  const summary: SealerSummary = { sealed: [], resumed: [], busy: [], failed: [], notDue: 0 };
  const work: Segment[] = [];
  const onShard = (segment: Segment) => settings.shardId === undefined || segment.shardId === settings.shardId;
  for (const tenantId of await deps.catalog.tenantIds()) {
    work.push(...(await deps.catalog.segmentsInState(tenantId, 'sealing', settings.batchSize)).filter(onShard));
    for (const segment of (await deps.catalog.segmentsInState(tenantId, 'open', settings.batchSize)).filter(onShard)) {
      if (isDueForSealing(segment, clock(), settings)) work.push(segment);
      else summary.notDue++;
    }
  }
  progress({ pass: 'seal', done: 0, total: work.length });
  const context = { catalog: deps.catalog, hotRoot: deps.hotRoot, objects: deps.objects, leaseTtlMs: settings.leaseTtlMs, clock, upload: settings.upload };
  for (const [index, segment] of work.entries()) {
    let outcome: string;
    try {
      const prefix = await sealSegment(context, segment);
      summary.sealed.push(segment.segmentId);
      if (segment.state === 'sealing') summary.resumed.push(segment.segmentId);
      outcome = 'sealed';
      await deps.events?.publish(lifecycleEvent('segment.sealed', segment, clock(), { objectPrefix: prefix, rowCount: segment.rowCount }));
    } catch (error) {
      if (error instanceof LeaseHeldError) {
        summary.busy.push(segment.segmentId);
        outcome = 'busy';
      } else {
        const message = error instanceof Error ? error.message : String(error);
        summary.failed.push({ segmentId: segment.segmentId, error: message });
        outcome = `failed: ${message}`;
      }
    }
    progress({ pass: 'seal', done: index + 1, total: work.length, item: segment.segmentId, outcome });
  }
  return summary;
}
