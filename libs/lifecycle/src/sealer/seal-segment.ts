import { segmentAddressOf, type Segment } from '@prism/catalog';
import { freezeHotSegment, sealedSegmentPrefix, uploadSealedSegment, type ObjectStore, type SealedUploadOptions } from '@prism/storage';
import type { SealerCatalog } from './sealer-catalog';

/** What sealing one segment needs. */
export interface SealSegmentContext {
  catalog: SealerCatalog;
  hotRoot: string;
  objects: ObjectStore;
  leaseTtlMs: number;
  clock: () => number;
  upload?: Partial<SealedUploadOptions>;
}

/** A catalog segment id that does not name a hot-store segment. */
export class UnsealableSegmentError extends Error {
  override readonly name = 'UnsealableSegmentError';

  constructor(readonly segmentId: string) {
    super(`segment id "${segmentId}" is not <tenant>/<dataset>/<window id>`);
  }
}

/**
 * Seals one segment, from `open` or from a `sealing` left by a crash: freeze the hot copy
 * (`.seal` under the lease), record `sealing`, upload what HEAD references with `_SEALED` last,
 * record `sealed` with the prefix. Each step is idempotent, so running it again after a crash
 * anywhere finishes the job without losing or duplicating anything. Returns the object prefix.
 * Throws `LeaseHeldError` while a writer holds the segment (try on a later pass).
 */
export async function sealSegment(context: SealSegmentContext, segment: Segment): Promise<string> {
  const address = segmentAddressOf(segment.segmentId);
  if (address === undefined) throw new UnsealableSegmentError(segment.segmentId);
  const { tenantId, dataset, segmentId } = address;
  // .seal first: once it exists no writer commits, whatever the catalog says. A crash before the
  // catalog step leaves an `open` row with `.seal`, which the next pass picks up again.
  const frozen = await freezeHotSegment(context.hotRoot, tenantId, dataset, segmentId, {
    leaseTtlMs: context.leaseTtlMs,
    clock: context.clock,
  });
  if (segment.state === 'open') await context.catalog.beginSealing(segment.tenantId, segment.segmentId);
  // The hot segment was written by the shard the row records; its sealed copy goes under that shard.
  const prefix = sealedSegmentPrefix({ shardId: segment.shardId, tenantId, dataset, segmentId });
  await uploadSealedSegment(context.objects, frozen.segmentDir, prefix, frozen.manifest, { clock: context.clock, ...context.upload });
  await context.catalog.markSealed(segment.tenantId, segment.segmentId, prefix);
  return prefix;
}
