import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { compareKeys } from '../object-key';
import type { ListPage, ListedObject } from '../object-store';

/** Where a listing starts and what it skips. */
export interface FilesystemListRequest {
  readonly root: string;
  readonly prefix: string;
  /** Only keys after this one (the previous page's last key). */
  readonly after?: string;
  readonly limit: number;
  /** A top-level directory that holds no objects (the staging area). */
  readonly reservedName: string;
}

/**
 * Lists a page of keys in UTF-8 byte order by walking the tree in that order: a directory sorts as
 * its name plus "/", so `a-b` comes before everything under `a/`, as the keys compare. Subtrees
 * before the cursor or outside the prefix are never opened, and the walk stops after one page.
 */
export async function listFilesystemPage(request: FilesystemListRequest): Promise<ListPage> {
  const { prefix, limit } = request;
  const startPrefix = prefix.slice(0, prefix.lastIndexOf('/') + 1);
  const keys: ListedObject[] = [];
  let more = false;
  for await (const listed of walk(request, join(request.root, startPrefix), startPrefix)) {
    if (keys.length === limit) {
      more = true;
      break;
    }
    keys.push(listed);
  }
  return more ? { keys, nextCursor: keys[keys.length - 1].key } : { keys };
}

async function* walk(request: FilesystemListRequest, dirPath: string, keyPrefix: string): AsyncGenerator<ListedObject> {
  const { prefix, after } = request;
  const entries = await readDirectory(dirPath);
  const items = entries
    .filter((entry) => entry.isFile() || (entry.isDirectory() && !(keyPrefix === '' && entry.name === request.reservedName)))
    .map((entry) => ({ entry, sortKey: keyPrefix + entry.name + (entry.isDirectory() ? '/' : '') }))
    .sort((a, b) => compareKeys(a.sortKey, b.sortKey));
  for (const { entry, sortKey } of items) {
    if (entry.isDirectory()) {
      if (!sortKey.startsWith(prefix) && !prefix.startsWith(sortKey)) continue;
      // Every key below starts with sortKey: a cursor past sortKey that does not share it is past them all.
      if (after !== undefined && compareKeys(after, sortKey) >= 0 && !after.startsWith(sortKey)) continue;
      yield* walk(request, join(dirPath, entry.name), sortKey);
      continue;
    }
    if (!sortKey.startsWith(prefix) || (after !== undefined && compareKeys(sortKey, after) <= 0)) continue;
    const size = await sizeOf(join(dirPath, entry.name));
    if (size !== undefined) yield { key: sortKey, size };
  }
}

async function readDirectory(path: string): Promise<Dirent[]> {
  try {
    return await readdir(path, { withFileTypes: true });
  } catch (error) {
    if (isGone(error)) return [];
    throw error;
  }
}

/** The file's size, or undefined when it was deleted since the directory was read. */
async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if (isGone(error)) return undefined;
    throw error;
  }
}

/** ENOENT, or ENOTDIR when a path component is a file. */
export function isGone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
