import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** Sizes of the files under a directory. */
export interface DirectoryBytes {
  /** Sum of file sizes. */
  apparent: number;
  /** Bytes of allocated blocks, what `du` counts. */
  allocated: number;
  /** Apparent bytes by the first path part inside a hot segment (`manifest`, `blocks`, `columns`, …). */
  bySegmentPart: Record<string, number>;
}

/** The path part right below `segments/<segment id>/`, or the file's own name when it sits elsewhere. */
export function segmentPartOf(relativePath: string): string {
  const parts = relativePath.split(sep);
  const segments = parts.lastIndexOf('segments');
  return segments >= 0 && parts.length > segments + 2 ? parts[segments + 2] : parts[parts.length - 1];
}

/** Total size of the files under `root`, with a breakdown by segment part. */
export async function directoryBytes(root: string): Promise<DirectoryBytes> {
  const total: DirectoryBytes = { apparent: 0, allocated: 0, bySegmentPart: {} };
  for (const entry of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const info = await stat(path);
    total.apparent += info.size;
    total.allocated += info.blocks * 512;
    const part = segmentPartOf(relative(root, path));
    total.bySegmentPart[part] = (total.bySegmentPart[part] ?? 0) + info.size;
  }
  return total;
}
