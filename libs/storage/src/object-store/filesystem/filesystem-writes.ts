import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm, rmdir } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { syncDirectory } from '../../durable-fs';
import { isGone } from './filesystem-listing';

/** Writes `chunks` to a new temp file in `stagingDir` (fsynced when asked) and returns its path. */
export async function writeTempFile(stagingDir: string, chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>, fsync: boolean): Promise<string> {
  await mkdir(stagingDir, { recursive: true });
  const temp = join(stagingDir, `${randomUUID()}.tmp`);
  try {
    const handle = await open(temp, 'wx');
    try {
      for await (const chunk of chunks) await handle.write(chunk);
      if (fsync) await handle.sync();
    } finally {
      await handle.close();
    }
    return temp;
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Renames a finished temp file onto `target`, creating its directories. A concurrent delete may
 * prune an emptied parent between mkdir and rename, so ENOENT is retried a few times.
 */
export async function moveIntoPlace(temp: string, target: string, fsync: boolean): Promise<void> {
  try {
    for (let attempt = 1; ; attempt++) {
      await mkdir(dirname(target), { recursive: true });
      try {
        await rename(temp, target);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt === 3) throw error;
      }
    }
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  if (fsync) await syncDirectory(dirname(target));
}

/** Removes the directories between `file` and `root` that became empty, so listings stay clean. */
export async function pruneEmptyParents(root: string, file: string): Promise<void> {
  for (let dir = dirname(file); dir !== root && relative(root, dir).split(sep)[0] !== '..'; dir = dirname(dir)) {
    try {
      await rmdir(dir);
    } catch (error) {
      // Not empty (or already gone): the parents above are not empty either.
      if (isGone(error) || (error as NodeJS.ErrnoException).code === 'ENOTEMPTY' || (error as NodeJS.ErrnoException).code === 'EEXIST') return;
      throw error;
    }
  }
}
