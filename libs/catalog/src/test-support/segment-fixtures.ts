import type { SegmentUpsert } from '../repositories/segment-records';

/** A nanosecond timestamp beyond 2^53, so lossy number conversions would show. */
export const BASE_NS = 1_735_689_600_123_456_789n;

/** A segment upsert with sensible defaults, five minutes long from `startNs`. */
export function segmentUpsert(segmentId: string, overrides: Partial<SegmentUpsert> = {}): SegmentUpsert {
  const minTimestampNs = overrides.minTimestampNs ?? BASE_NS;
  return {
    segmentId,
    dataset: 'spans',
    shardId: 0,
    state: 'open',
    minTimestampNs,
    maxTimestampNs: minTimestampNs + 300_000_000_000n,
    rowCount: 10,
    bytes: 4096,
    manifestVersion: 1,
    formatVersion: 1,
    ...overrides,
  };
}

/** A 16-byte trace id whose bytes are all `fill`. */
export function traceId(fill: number): Uint8Array {
  return new Uint8Array(16).fill(fill);
}

/** {@link traceId} as the lower-case hex that trace hints are written in. */
export function traceIdHex(fill: number): string {
  return Buffer.from(traceId(fill)).toString('hex');
}
