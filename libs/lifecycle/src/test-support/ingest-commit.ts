import type { Catalog } from '@prism/catalog';
import { catalogSegmentId } from '@prism/catalog';
import type { RowBatch } from '@prism/contract';
import { MANIFEST_FORMAT_VERSION, type HotStoreWriter } from '@prism/storage';

/**
 * Commits a batch the way ingest does: prepare in the hot store, record every touched segment as
 * `open` in the catalog (aborting the hot commit if the catalog refuses), then publish. Returns the
 * catalog ids of the segments written.
 */
export async function commitLikeIngest(writer: HotStoreWriter, catalog: Catalog, tenantId: string, dataset: string, batch: RowBatch): Promise<string[]> {
  const prepared = await writer.prepareCommit(tenantId, dataset, batch);
  const ids = prepared.segments.map((commit) => catalogSegmentId({ tenantId, dataset, segmentId: commit.segmentId }));
  try {
    await catalog.forTenant(tenantId).transaction(async (tenant) => {
      for (const [index, commit] of prepared.segments.entries()) {
        const previous = await tenant.segments.get(ids[index]);
        await tenant.recordCommit({
          segment: {
            segmentId: ids[index],
            dataset,
            shardId: 0,
            state: 'open',
            minTimestampNs: previous !== undefined && previous.minTimestampNs < commit.minTimestampNs ? previous.minTimestampNs : commit.minTimestampNs,
            maxTimestampNs: previous !== undefined && previous.maxTimestampNs > commit.maxTimestampNs ? previous.maxTimestampNs : commit.maxTimestampNs,
            rowCount: (previous?.rowCount ?? 0) + commit.rowCount,
            bytes: (previous?.bytes ?? 0) + commit.bytes,
            manifestVersion: commit.manifestVersion,
            formatVersion: MANIFEST_FORMAT_VERSION,
          },
        });
      }
    });
  } catch (error) {
    await prepared.abort();
    throw error;
  }
  await prepared.publish();
  return ids;
}
