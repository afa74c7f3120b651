import { readFile, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DiskName, commitFileStem, commitNumberOf, type SegmentPaths } from '../disk-names';
import { isNotFound } from '../durable-fs';
import { CorruptDataError } from '../errors';
import { loadManifest, type SegmentManifest } from '../format/manifest';

/** HEAD's content: the zero-padded number of the current manifest. */
export function formatHead(version: number): string {
  return commitFileStem(version) + '\n';
}

/** The manifest version HEAD names; 0 when nothing was published yet. */
export async function readHeadVersion(paths: SegmentPaths): Promise<number> {
  let text: string;
  try {
    text = await readFile(paths.head, 'utf8');
  } catch (error) {
    if (isNotFound(error)) return 0;
    throw error;
  }
  const trimmed = text.trim();
  if (!/^\d{6,}$/.test(trimmed)) throw new CorruptDataError('HEAD does not name a manifest', paths.head);
  return Number(trimmed);
}

/** The manifest HEAD names, or undefined when nothing was published yet. */
export async function readHeadManifest(paths: SegmentPaths): Promise<SegmentManifest | undefined> {
  const version = await readHeadVersion(paths);
  if (version === 0) return undefined;
  return loadManifest(version, async (wanted) => {
    const file = paths.manifest(wanted);
    return { text: await readFile(file, 'utf8'), file };
  });
}

/** Lease temp files younger than this may belong to a writer acquiring right now. */
const LEASE_TEMP_GRACE_MS = 60_000;

/**
 * Removes what writers left behind that HEAD does not reference: temp files, manifests and stats
 * newer than HEAD, blocks newer than HEAD and columns HEAD's manifest does not know. Readers never
 * look at these, so removal is only about space. Run only while holding the lease.
 */
export async function cleanUpUnpublished(paths: SegmentPaths, manifest: SegmentManifest): Promise<void> {
  const head = manifest.version;
  const knownDirs = new Set(manifest.columns.map((column) => column.dir));
  const removals: Promise<void>[] = [];
  const remove = (path: string, recursive = false) => removals.push(rm(path, { force: true, recursive }));

  for (const name of await listDir(paths.dir)) {
    if (!name.endsWith(DiskName.tempSuffix)) continue;
    if (name.startsWith(DiskName.lock + '.')) {
      const age = Date.now() - (await stat(join(paths.dir, name)).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age < LEASE_TEMP_GRACE_MS) continue;
    }
    remove(join(paths.dir, name));
  }
  for (const [dir, extension] of [
    [paths.manifestDir, DiskName.manifestExtension],
    [paths.statsDir, DiskName.statsExtension],
    [paths.commitBlocksDir, DiskName.blockExtension],
  ] as const) {
    for (const name of await listDir(dir)) {
      const number = commitNumberOf(name, extension);
      if (number === undefined || number > head) remove(join(dir, name));
    }
  }
  for (const columnDir of await listDir(paths.columnsDir)) {
    if (!knownDirs.has(columnDir)) {
      remove(join(paths.columnsDir, columnDir), true);
      continue;
    }
    const blocksDir = paths.blocksDir(columnDir);
    for (const name of await listDir(blocksDir)) {
      const number = commitNumberOf(name, DiskName.blockExtension);
      if (number === undefined || number > head) remove(join(blocksDir, name));
    }
  }
  await Promise.all(removals);
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
}
