import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DiskName, commitFileStem } from '../disk-names';
import { CorruptDataError } from '../errors';
import type { SegmentManifest } from '../format/manifest';

/**
 * Where a segment reader gets its bytes. Paths are `/`-separated and relative to the segment
 * (`stats/000001.json`, `blocks/000001.blk`), the same under a hot segment directory and under a
 * sealed segment's object-store prefix, so one reader serves both tiers.
 */
export interface SegmentFileSource {
  /** The whole file. */
  read(path: string): Promise<Uint8Array>;
  /** Exactly `length` bytes from `offset`; a shorter file is a {@link CorruptDataError}. */
  readRange(path: string, offset: number, length: number): Promise<Uint8Array>;
  /** Where a path lives, for error messages. */
  locate(path: string): string;
}

/** Relative paths of the files inside a segment (names from {@link DiskName}). */
export const SegmentFile = {
  meta: DiskName.segmentMeta,
  manifest: (version: number) => `${DiskName.manifestDir}/${commitFileStem(version)}${DiskName.manifestExtension}`,
  stats: (commit: number) => `${DiskName.statsDir}/${commitFileStem(commit)}${DiskName.statsExtension}`,
  commitBlocks: (commit: number) => `${DiskName.commitBlocksDir}/${commitFileStem(commit)}${DiskName.blockExtension}`,
  columnBlock: (columnDir: string, commit: number) =>
    `${DiskName.columnsDir}/${columnDir}/${DiskName.blocksDir}/${commitFileStem(commit)}${DiskName.blockExtension}`,
} as const;

/**
 * Every file a manifest needs to be read (the manifest itself and its base, each commit's stats and blocks, and
 * `_segment.meta`): what sealing copies. Files of unpublished commits are not among them.
 */
export function filesReferencedBy(manifest: SegmentManifest): string[] {
  const files: string[] = [SegmentFile.meta];
  if (manifest.version > 0) files.push(SegmentFile.manifest(manifest.version));
  if (manifest.base !== undefined) files.push(SegmentFile.manifest(manifest.base));
  for (const commit of manifest.commits) {
    files.push(SegmentFile.stats(commit.number));
    if (commit.blockLengths !== undefined) files.push(SegmentFile.commitBlocks(commit.number));
    else for (const index of commit.columns) files.push(SegmentFile.columnBlock(manifest.columns[index].dir, commit.number));
  }
  return files;
}

/** Reads a hot segment directory. */
export class DirectorySegmentFiles implements SegmentFileSource {
  constructor(private readonly dir: string) {}

  locate(path: string): string {
    return join(this.dir, ...path.split('/'));
  }

  async read(path: string): Promise<Uint8Array> {
    return readFile(this.locate(path));
  }

  async readRange(path: string, offset: number, length: number): Promise<Uint8Array> {
    const file = this.locate(path);
    const handle = await open(file, 'r');
    try {
      const bytes = new Uint8Array(length);
      const { bytesRead } = await handle.read(bytes, 0, length, offset);
      if (bytesRead !== length) throw new CorruptDataError('block file is shorter than its manifest says', file);
      return bytes;
    } finally {
      await handle.close();
    }
  }
}
