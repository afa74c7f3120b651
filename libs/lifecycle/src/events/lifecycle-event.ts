import { randomUUID } from 'node:crypto';

/** What happened: to a segment (sealer, parquetizer, retention) or to a Parquet file (retention). */
export type LifecycleEventType = 'segment.sealed' | 'segment.parquetized' | 'segment.expired' | 'parquet.expired';

/** One lifecycle transition, as handlers (and a future EventBridge bus) receive it. Plain JSON. */
export interface LifecycleEvent {
  /** Unique per event; handlers use it to ignore a redelivery. */
  id: string;
  type: LifecycleEventType;
  tenantId: string;
  dataset: string;
  /**
   * What moved: the catalog segment id (`<tenant>/<dataset>/<window id>`), or for `parquet.*`
   * events the file's object key (also in `detail.objectKey`).
   */
  segmentId: string;
  /** When the transition happened, ISO 8601. */
  at: string;
  /** Type-specific facts (object prefix, Parquet keys, dry run…), JSON only. */
  detail?: Record<string, string | number | boolean | null>;
}

/** Builds an event with a fresh id. */
export function lifecycleEvent(
  type: LifecycleEventType,
  segment: { tenantId: string; dataset: string; segmentId: string },
  atMs: number,
  detail?: LifecycleEvent['detail'],
): LifecycleEvent {
  return {
    id: randomUUID(),
    type,
    tenantId: segment.tenantId,
    dataset: segment.dataset,
    segmentId: segment.segmentId,
    at: new Date(atMs).toISOString(),
    ...(detail !== undefined ? { detail } : {}),
  };
}
