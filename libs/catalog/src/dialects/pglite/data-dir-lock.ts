import { randomUUID } from 'node:crypto';
import { readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { CatalogError, CatalogInUseError, type CatalogLockOwner } from '../../errors';

// Hand-written: no lock package (proper-lockfile or the like) is installed, and this is small.

/** Name of the lock file inside an on-disk PGlite data directory. */
export const DATA_DIR_LOCK_FILE = 'prism.lock';

/** A held lock; `release` removes the file if it is still this one's, and is idempotent. */
export interface DataDirLock {
  readonly path: string;
  release(): Promise<void>;
}

/** Locks this module instance holds: a lock naming this process is live only if it is among them. */
const heldHere = new Set<string>();

/** This process's start time, computed once so every lock it writes says the same. */
const STARTED_AT = new Date(Date.now() - Math.round(process.uptime() * 1000)).toISOString();

/** How the process is named in its locks when the caller does not say: its script's file name. */
export function defaultLockOwner(): string {
  return process.argv[1] === undefined ? 'node' : `node ${basename(process.argv[1])}`;
}

/** A lock file that cannot be read back is being written for at most this long; then it is debris. */
const HALF_WRITTEN_MS = 2000;
const RETRY_DELAY_MS = 50;
const MAX_ATTEMPTS = 100;

/**
 * Takes the exclusive lock of an embedded catalog's directory (which must exist): a file created
 * with O_EXCL (`wx`) that names this process. A lock whose process is gone (crashed, killed) is
 * taken over; one whose process lives fails with CatalogInUseError, as does a second open in this
 * process, since two PGlite instances on one directory corrupt it.
 *
 * @example const lock = await acquireDataDirLock('.prism/catalog', 'prism server'); … await lock.release();
 */
export async function acquireDataDirLock(dataDir: string, owner: string = defaultLockOwner()): Promise<DataDirLock> {
  const path = join(dataDir, DATA_DIR_LOCK_FILE);
  const key = resolve(path);
  const mine: CatalogLockOwner = { pid: process.pid, startedAt: STARTED_AT, owner, host: hostname() };
  const text = `${JSON.stringify(mine)}\n`;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    try {
      await writeFile(path, text, { flag: 'wx' });
      heldHere.add(key);
      return heldLock(path, key, text);
    } catch (error) {
      if (codeOf(error) !== 'EEXIST') throw error;
    }
    const found = await readLock(path);
    if (found === undefined) continue;
    if (found.owner === undefined) {
      // Just created and not yet written by its taker, or left half-written by a crash.
      if (Date.now() - found.mtimeMs < HALF_WRITTEN_MS) await sleep(RETRY_DELAY_MS);
      else await removeStale(path, found.text);
      continue;
    }
    if (isAlive(found.owner, heldHere.has(key))) throw new CatalogInUseError(dataDir, path, found.owner);
    await removeStale(path, found.text);
  }
  throw new CatalogError(`could not take the lock ${path}: it kept changing hands`);
}

/** Whether the process a lock names still runs (the same test Postgres applies to `postmaster.pid`). */
function isAlive(owner: CatalogLockOwner, heldByThisModule: boolean): boolean {
  // A lock with this process's pid that this process did not take was left by an earlier process
  // that had the same pid, as a restarted container's pid 1 does.
  if (owner.pid === process.pid) return heldByThisModule;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return codeOf(error) === 'EPERM';
  }
}

async function readLock(path: string): Promise<{ text: string; mtimeMs: number; owner: CatalogLockOwner | undefined } | undefined> {
  try {
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    return { text, mtimeMs: info.mtimeMs, owner: parseOwner(text) };
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return undefined;
    throw error;
  }
}

function parseOwner(text: string): CatalogLockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<CatalogLockOwner>;
    // Never probe pid 0 or a negative pid: kill() would address a whole process group.
    if (!Number.isSafeInteger(value.pid) || (value.pid as number) <= 0) return undefined;
    return { pid: value.pid as number, startedAt: String(value.startedAt ?? ''), owner: String(value.owner ?? 'unknown'), host: String(value.host ?? '') };
  } catch {
    return undefined;
  }
}

/**
 * Removes a stale lock, unless another process took it over since it was read: the file is moved
 * aside first (only one taker can move it), and put back if what was moved is not what was judged.
 */
async function removeStale(path: string, judged: string): Promise<void> {
  const aside = `${path}.stale-${process.pid}-${randomUUID()}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return;
    throw error;
  }
  try {
    const moved = await readFile(aside, 'utf8');
    if (moved !== judged) await writeFile(path, moved, { flag: 'wx' }).catch(() => undefined);
  } finally {
    await unlink(aside).catch(() => undefined);
  }
}

function heldLock(path: string, key: string, text: string): DataDirLock {
  let released = false;
  return {
    path,
    release: async () => {
      if (released) return;
      released = true;
      heldHere.delete(key);
      const current = await readFile(path, 'utf8').catch(() => undefined);
      if (current === text) await unlink(path).catch(() => undefined);
    },
  };
}

function codeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
