import { catalogSegmentId, type Catalog } from '@prism/catalog';
import { openSegmentReader, type PreparedBatch } from '@prism/storage';

/**
 * Records a published batch in the catalog as ingest does: per segment its absolute totals read
 * back from the published manifest, and the batch's trace hints.
 */
export async function recordPublishedCommits(catalog: Catalog, root: string, tenantId: string, dataset: string, prepared: PreparedBatch): Promise<void> {
  for (const commit of prepared.segments) {
    const reader = await openSegmentReader(root, tenantId, dataset, commit.segmentId);
    const commits = reader.manifest.commits;
    await catalog.forTenant(tenantId).recordCommit({
      segment: {
        segmentId: catalogSegmentId({ tenantId, dataset, segmentId: commit.segmentId }),
        dataset,
        shardId: 0,
        state: 'open',
        minTimestampNs: commits.reduce((min, c) => (BigInt(c.minTimestampNs) < min ? BigInt(c.minTimestampNs) : min), commit.minTimestampNs),
        maxTimestampNs: commits.reduce((max, c) => (BigInt(c.maxTimestampNs) > max ? BigInt(c.maxTimestampNs) : max), commit.maxTimestampNs),
        rowCount: reader.rowCount,
        bytes: commits.reduce((sum, c) => sum + c.bytes, 0),
        manifestVersion: commit.manifestVersion,
        formatVersion: reader.manifest.formatVersion,
      },
      traceIds: commit.traceIds.filter((hex) => /^[0-9a-f]{32}$/.test(hex)),
    });
  }
}
