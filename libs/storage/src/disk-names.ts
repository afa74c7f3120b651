import { join } from 'node:path';

/**
 * Every name hot storage writes to disk, in one place (ARCHITECTURE.md, "Hot layout"):
 *
 * tenants/<tenant>/datasets/<dataset>/segments/<segment_id>/
 *   .lock  .seal  HEAD  _segment.meta  manifest/000001.json  stats/000001.json
 *   blocks/000001.blk                      every column block of commit 1 (manifest format 2)
 *   columns/<column dir>/blocks/000001.blk one column's block of commit 1 (manifest format 1)
 */
export const DiskName = {
  tenants: 'tenants',
  datasets: 'datasets',
  segments: 'segments',
  lock: '.lock',
  /** Present once the sealer has frozen the segment: writers move on to the next generation. */
  seal: '.seal',
  /** Separates a window id from its generation: `20231114T221000Z-300s~2`. */
  generationSeparator: '~',
  head: 'HEAD',
  segmentMeta: '_segment.meta',
  manifestDir: 'manifest',
  statsDir: 'stats',
  columnsDir: 'columns',
  blocksDir: 'blocks',
  /** Segment-level directory of commit block files (one file per commit). */
  commitBlocksDir: 'blocks',
  manifestExtension: '.json',
  statsExtension: '.json',
  blockExtension: '.blk',
  /** Suffix of files being written; never read, removed by the next writer. */
  tempSuffix: '.tmp',
  leasePrefix: 'lease-',
  leaseSeparator: '@',
} as const;

/** Commit numbers are zero-padded so file names sort in commit order. */
export function commitFileStem(commit: number): string {
  return String(commit).padStart(6, '0');
}

/** Parses `000042.json` → 42; undefined for anything else. */
export function commitNumberOf(fileName: string, extension: string): number | undefined {
  if (!fileName.endsWith(extension)) return undefined;
  const stem = fileName.slice(0, -extension.length);
  return /^\d{6,}$/.test(stem) ? Number(stem) : undefined;
}

/** Directory of one tenant's dataset, holding its segments. */
export function datasetDir(root: string, tenantId: string, dataset: string): string {
  return join(root, DiskName.tenants, tenantId, DiskName.datasets, dataset, DiskName.segments);
}

/** Paths inside one segment directory. */
export function segmentPaths(segmentDir: string) {
  return {
    dir: segmentDir,
    lock: join(segmentDir, DiskName.lock),
    seal: join(segmentDir, DiskName.seal),
    head: join(segmentDir, DiskName.head),
    meta: join(segmentDir, DiskName.segmentMeta),
    manifestDir: join(segmentDir, DiskName.manifestDir),
    statsDir: join(segmentDir, DiskName.statsDir),
    columnsDir: join(segmentDir, DiskName.columnsDir),
    commitBlocksDir: join(segmentDir, DiskName.commitBlocksDir),
    commitBlocks: (commit: number) => join(segmentDir, DiskName.commitBlocksDir, commitFileStem(commit) + DiskName.blockExtension),
    manifest: (commit: number) => join(segmentDir, DiskName.manifestDir, commitFileStem(commit) + DiskName.manifestExtension),
    stats: (commit: number) => join(segmentDir, DiskName.statsDir, commitFileStem(commit) + DiskName.statsExtension),
    blocksDir: (columnDir: string) => join(segmentDir, DiskName.columnsDir, columnDir, DiskName.blocksDir),
    block: (columnDir: string, commit: number) =>
      join(segmentDir, DiskName.columnsDir, columnDir, DiskName.blocksDir, commitFileStem(commit) + DiskName.blockExtension),
  };
}

export type SegmentPaths = ReturnType<typeof segmentPaths>;
