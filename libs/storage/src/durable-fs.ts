import { randomUUID } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { DiskName } from './disk-names';

/** Writes a new file in one write call and fsyncs it; fails if it exists (`wx`). */
export async function writeFileDurably(path: string, bytes: Uint8Array | string, exclusive = true): Promise<void> {
  const handle = await open(path, exclusive ? 'wx' : 'w');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Creates new files (`wx`) and makes them and their names durable with as few waits on the disk
 * as possible: every file is written first, then the files and `dirs` are fsynced all at once
 * (one journal commit rather than one for the files and another for their directories).
 * `created(path)` is told of each file as soon as it exists, so a caller can remove them on failure.
 */
export async function writeFilesDurably(
  files: readonly { path: string; content: Uint8Array | string }[],
  dirs: readonly string[],
  created: (path: string) => void,
): Promise<void> {
  const handles: FileHandle[] = [];
  try {
    const opened = await Promise.allSettled(
      files.map(async ({ path, content }) => {
        const handle = await open(path, 'wx');
        handles.push(handle);
        created(path);
        await handle.writeFile(content);
        return handle;
      }),
    );
    const failed = opened.find((result) => result.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    await Promise.all([...handles.map((handle) => handle.sync()), ...dirs.map(syncDirectory)]);
  } finally {
    await Promise.all(handles.map((handle) => handle.close()));
  }
}

/** Fsyncs a directory so the names created or renamed in it survive a power loss. */
export async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A fresh temp-file name beside `path` (removed by a segment's clean-up if left behind). */
export function tempPathFor(path: string): string {
  return `${path}.${randomUUID()}${DiskName.tempSuffix}`;
}

/** Renames a durable temp file over `path` and fsyncs the directory: the second half of {@link replaceFileAtomically}. */
export async function renameDurably(temp: string, path: string, dir: string): Promise<void> {
  await rename(temp, path);
  await syncDirectory(dir);
}

/**
 * Atomically replaces `path`: write a temp file, fsync it, rename over `path`, fsync the directory.
 * Readers see the old content or the new one, never a mix.
 */
export async function replaceFileAtomically(path: string, bytes: Uint8Array | string, dir: string): Promise<void> {
  const temp = tempPathFor(path);
  try {
    await writeFileDurably(temp, bytes);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/** True when a file-system error is "no such file". */
export function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** True when a file-system error is "already exists". */
export function isAlreadyExists(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EEXIST';
}
