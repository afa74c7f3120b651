import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { datasetDir, segmentPaths } from '../disk-names';
import { isNotFound, writeFileDurably, syncDirectory } from '../durable-fs';
import { CorruptDataError } from '../errors';
import type { SegmentManifest } from '../format/manifest';
import { assertSafeId } from '../names';
import { SegmentLease } from './segment-lease';
import { readHeadManifest } from './segment-state';
import { requireSegmentId } from './segment-window';

/** The content of `.seal`: the manifest version the segment was frozen at. */
export interface SealRecord {
  manifestVersion: number;
  sealedAtMs: number;
}

/** The `.seal` record of a segment directory, or undefined while it is not sealed. */
export async function readSealRecord(segmentDir: string): Promise<SealRecord | undefined> {
  const file = segmentPaths(segmentDir).seal;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  try {
    const record = JSON.parse(text) as SealRecord;
    if (Number.isInteger(record.manifestVersion)) return record;
  } catch {
    // fall through
  }
  throw new CorruptDataError('seal marker is unreadable', file);
}

/** Options of {@link freezeHotSegment}. */
export interface FreezeOptions {
  leaseTtlMs: number;
  clock: () => number;
}

/** A frozen hot segment: its directory and the manifest HEAD named when `.seal` was written. */
export interface FrozenSegment {
  segmentDir: string;
  manifest: SegmentManifest;
  /** Whether `.seal` was already there (a sealing pass that crashed earlier). */
  alreadyFrozen: boolean;
}

/**
 * Freezes a hot segment for sealing: takes its lease (so no commit is in flight), writes `.seal`
 * durably and gives the lease back. From then on writers refuse the segment
 * (`SegmentSealedError`) and put its window's rows in the next generation. Throws
 * `LeaseHeldError` while a writer holds the lease: try again on a later pass.
 */
export async function freezeHotSegment(root: string, tenantId: string, dataset: string, segmentId: string, options: FreezeOptions): Promise<FrozenSegment> {
  assertSafeId('tenant', tenantId);
  assertSafeId('dataset', dataset);
  requireSegmentId(segmentId);
  const paths = segmentPaths(join(datasetDir(root, tenantId, dataset), segmentId));
  const existing = await readSealRecord(paths.dir);
  if (existing !== undefined) return { segmentDir: paths.dir, manifest: await frozenManifest(paths, existing), alreadyFrozen: true };

  const found = await stat(paths.dir).catch((error: unknown) => (isNotFound(error) ? undefined : Promise.reject(error)));
  if (found === undefined) throw new CorruptDataError('hot segment directory is missing', paths.dir);
  const lease = await SegmentLease.acquire(paths.dir, options.leaseTtlMs, options.clock);
  try {
    const manifest = await readHeadManifest(paths);
    if (manifest === undefined) throw new CorruptDataError('segment has no published commit to seal', paths.dir);
    const record: SealRecord = { manifestVersion: manifest.version, sealedAtMs: options.clock() };
    await writeFileDurably(paths.seal, JSON.stringify(record));
    await syncDirectory(paths.dir);
    return { segmentDir: paths.dir, manifest, alreadyFrozen: false };
  } finally {
    await lease.release();
  }
}

async function frozenManifest(paths: ReturnType<typeof segmentPaths>, record: SealRecord): Promise<SegmentManifest> {
  const manifest = await readHeadManifest(paths);
  if (manifest === undefined || manifest.version !== record.manifestVersion) {
    throw new CorruptDataError(`HEAD moved after sealing at version ${record.manifestVersion}`, paths.seal);
  }
  return manifest;
}
