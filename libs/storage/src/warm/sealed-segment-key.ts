import { createHash } from 'node:crypto';

/** Where a sealed segment lives in the object store. */
export interface SealedSegmentLocation {
  shardId: number;
  tenantId: string;
  dataset: string;
  /** The hot segment id (window id, with a `~<n>` generation suffix when it has one). */
  segmentId: string;
}

/** Hex digits of the spreading hash: 65,536 partitions are plenty to spread S3 request rates. */
const SPREAD_HASH_DIGITS = 4;

/**
 * A short stable hash of tenant, dataset and segment. Segment ids of one dataset share long
 * prefixes (they are timestamps), so this `p=<hash>` level spreads keys over S3 partitions.
 */
export function spreadHashOf(tenantId: string, dataset: string, segmentId: string): string {
  return createHash('sha256').update(`${tenantId}/${dataset}/${segmentId}`).digest('hex').slice(0, SPREAD_HASH_DIGITS);
}

/**
 * The object-store prefix of a sealed segment (ARCHITECTURE.md, object store layout), without a
 * trailing slash.
 *
 * @example sealedSegmentPrefix({ shardId: 0, tenantId: 'acme', dataset: 'spans', segmentId: '20231114T221000Z-300s' })
 * // 'shard=0/tenants/acme/datasets/spans/seg/p=5d1c/20231114T221000Z-300s'
 */
export function sealedSegmentPrefix(location: SealedSegmentLocation): string {
  const { shardId, tenantId, dataset, segmentId } = location;
  return `shard=${shardId}/tenants/${tenantId}/datasets/${dataset}/seg/p=${spreadHashOf(tenantId, dataset, segmentId)}/${segmentId}`;
}
