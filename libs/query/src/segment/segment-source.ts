import type { Segment } from '@prism/catalog';
import type { QuerySegment } from './query-segment';

/** Where a unit's rows come from. */
export type SegmentTier = 'hot' | 'warm' | 'cold';

/** A unit once opened: its segment and what explain reports about where it came from. */
export interface OpenedUnit {
  readonly segment: QuerySegment;
  readonly tier: SegmentTier;
  /** Bytes fetched from the object store by this unit's reader so far (0 for local reads). */
  fetchedBytes(): number;
}

/** One thing the engine reads: a segment, or a Parquet part holding several parquetized segments. */
export interface SegmentUnit {
  /** For explain: `tenant/dataset/segment` or the Parquet object key. */
  readonly label: string;
  readonly firstTimestampNs: bigint;
  /** Newest row's timestamp, when known: lets a newest-first top-k skip older units unopened. */
  readonly lastTimestampNs?: bigint;
  open(): Promise<OpenedUnit>;
}

/** Where the engine finds what to read: a small interface so tiers plug in and tests can watch every open. */
export interface SegmentSource {
  /** Ids of a tenant's segments of a dataset (for explain's counts). */
  listSegmentIds(tenantId: string, dataset: string): Promise<string[]>;
  /**
   * The units to read for the catalog's candidate segments (earliest first), each row in exactly
   * one unit: a tiered source picks a tier per segment by its catalog state.
   */
  units(tenantId: string, dataset: string, segments: readonly Segment[]): Promise<SegmentUnit[]>;
}
