import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Total size of the files under `root`: apparent bytes and bytes of allocated blocks (what `du` counts). */
export async function directoryBytes(root: string): Promise<{ apparent: number; allocated: number }> {
  const total = { apparent: 0, allocated: 0 };
  for (const entry of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const info = await stat(join(entry.parentPath, entry.name));
    total.apparent += info.size;
    total.allocated += info.blocks * 512;
  }
  return total;
}
