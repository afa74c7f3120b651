import { RowBatchBuilder, type RowBatch } from '@prism/contract';
import { catalogSegmentId, type Segment } from '@prism/catalog';
import { HotStoreWriter, openSegmentReader } from '@prism/storage';

/** 2023-11-14T22:10:00Z in ns: the start of a 5-minute window. */
export const BASE_NS = 1_700_000_000_000_000_000n - (1_700_000_000_000_000_000n % 300_000_000_000n);
export const WINDOW_NS = 300_000_000_000n;

/** Deterministic rows with a few columns, `rows` of them from `startNs`, one per ms. */
export function rowsBatch(rows: number, startNs: bigint, seed: number): RowBatch {
  const builder = new RowBatchBuilder({ initialCapacity: rows });
  for (let row = 0; row < rows; row++) {
    builder.startRow();
    builder.setInt64('timestamp', startNs + BigInt(row) * 1_000_000n);
    builder.setString('name', `op-${(row * 7 + seed) % 13}`);
    builder.setInt64('duration', BigInt((row * 7919 + seed) % 100_000));
    builder.setString(`span.attr.k${seed % 3}`, 'v'.repeat(row % 50));
  }
  return builder.build();
}

/** Writes commits into the hot store and returns each touched segment as the catalog would record it. */
export async function writeHotSegments(
  root: string,
  tenantId: string,
  dataset: string,
  batches: RowBatch[],
  options: { shardId?: number; clock?: () => number } = {},
): Promise<Segment[]> {
  const writer = new HotStoreWriter({ root, ...(options.clock !== undefined ? { clock: options.clock } : {}) });
  const touched = new Set<string>();
  try {
    for (const batch of batches) {
      const prepared = await writer.prepareCommit(tenantId, dataset, batch);
      await prepared.publish();
      for (const commit of prepared.segments) touched.add(commit.segmentId);
    }
  } finally {
    await writer.close();
  }
  const segments: Segment[] = [];
  for (const segmentId of [...touched].sort()) segments.push(await segmentRecord(root, tenantId, dataset, segmentId, options.shardId ?? 0));
  return segments;
}

/** A hot segment as an `open` catalog segment record. */
export async function segmentRecord(root: string, tenantId: string, dataset: string, segmentId: string, shardId: number): Promise<Segment> {
  const reader = await openSegmentReader(root, tenantId, dataset, segmentId);
  const commits = reader.manifest.commits;
  return {
    segmentId: catalogSegmentId({ tenantId, dataset, segmentId }),
    tenantId,
    dataset,
    shardId,
    state: 'open',
    minTimestampNs: commits.reduce(
      (min, commit) => (BigInt(commit.minTimestampNs) < min ? BigInt(commit.minTimestampNs) : min),
      BigInt(commits[0].minTimestampNs),
    ),
    maxTimestampNs: commits.reduce(
      (max, commit) => (BigInt(commit.maxTimestampNs) > max ? BigInt(commit.maxTimestampNs) : max),
      BigInt(commits[0].maxTimestampNs),
    ),
    rowCount: reader.rowCount,
    bytes: commits.reduce((sum, commit) => sum + commit.bytes, 0),
    manifestVersion: reader.version,
    formatVersion: reader.manifest.formatVersion,
    createdAt: new Date(0),
    updatedAt: new Date(0),
  };
}

/** The indexing a trace-carrying signal declares, for parquetizer deps: per-row-group Bloom filters on `trace_id`. */
export const spansLikeIndexing = () => ({ dictionary: [], bloom: [], traceIdColumn: 'trace_id' });
