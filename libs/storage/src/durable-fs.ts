import { randomUUID } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
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

/** Fsyncs a directory so the names created or renamed in it survive a power loss. */
export async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Atomically replaces `path`: write a temp file, fsync it, rename over `path`, fsync the directory.
 * Readers see the old content or the new one, never a mix.
 */
export async function replaceFileAtomically(path: string, bytes: Uint8Array | string, dir: string): Promise<void> {
  const temp = `${path}.${randomUUID()}${DiskName.tempSuffix}`;
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
