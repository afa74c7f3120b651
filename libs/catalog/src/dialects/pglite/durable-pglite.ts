import { closeSync, fsyncSync, openSync } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/**
 * PGlite's start parameters with Postgres's own fsync on: PGlite starts Postgres with `-F` (fsync
 * off), and its file system layer ignores `fdatasync`, so the WAL is flushed with `fsync`, which
 * {@link syncNodeFsWrites} routes to the disk.
 */
export function durableStartParams(defaults: readonly string[] = PGlite.defaultStartParams): string[] {
  return [...defaults.filter((param) => param !== '-F'), '-c', 'fsync=on', '-c', 'wal_sync_method=fsync'];
}

/** The parts of PGlite's Emscripten module that {@link syncNodeFsWrites} touches. */
interface NodeFsModule {
  NODEFS: {
    realPath(node: unknown): string;
    stream_ops: { fsync?: (stream: { nfd?: number; node: unknown }) => number | undefined };
  };
}

/** Flushes a file descriptor to the disk; `fsyncSync` unless a test counts the calls. */
export type SyncFile = (fd: number) => void;

/**
 * Makes Postgres's fsync calls reach the disk: the Emscripten file system PGlite mounts on a
 * directory has no `fsync` of its own, so every WAL flush at commit and every file sync at a
 * checkpoint was a no-op. Files are synced through their open descriptor; a directory (new WAL
 * segments, renamed files) is opened for the sync. Synchronous, as Postgres expects: the commit
 * returns only once its WAL is on disk.
 */
export function syncNodeFsWrites(module: NodeFsModule, syncFile: SyncFile = fsyncSync): void {
  const { NODEFS } = module;
  NODEFS.stream_ops.fsync = (stream) => {
    if (stream.nfd !== undefined) {
      syncFile(stream.nfd);
      return 0;
    }
    const fd = openSync(NODEFS.realPath(stream.node), 'r');
    try {
      syncFile(fd);
    } finally {
      closeSync(fd);
    }
    return 0;
  };
}

/**
 * Syncs every file and directory under `dir` once: a new cluster's files are written while fsync
 * is still off (PGlite creates the cluster with its own defaults), so they are flushed before the
 * catalog is used. Returns how many files and directories were synced.
 */
export async function syncTree(dir: string): Promise<number> {
  let synced = 0;
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) synced += await syncTree(join(dir, entry.name));
    else if (entry.isFile()) files.push(join(dir, entry.name));
  }
  // A few at a time: a new cluster has ~1,000 files, and each sync waits on the disk.
  for (let start = 0; start < files.length; start += SYNCS_AT_ONCE) {
    await Promise.all(files.slice(start, start + SYNCS_AT_ONCE).map(syncPath));
  }
  await syncPath(dir);
  return synced + files.length + 1;
}

const SYNCS_AT_ONCE = 16;

async function syncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
