import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorruptDataError } from '../errors';
import { HotStoreWriter } from '../hot-store-writer';
import { datasetDir, segmentPaths } from '../disk-names';
import { spanBatch } from '../test-support/span-batches';
import type { PreparedCommit } from './prepared-commit';
import type { RecordedCommit } from './published-commit';

let root: string;
let writer: HotStoreWriter;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'prism-published-'));
  writer = new HotStoreWriter({ root });
});

afterEach(async () => {
  await writer.close();
  await rm(root, { recursive: true, force: true });
});

const recorded = (commit: PreparedCommit): RecordedCommit => ({
  segmentId: commit.segmentId,
  version: commit.manifestVersion,
  rowCount: commit.rowCount,
  bytes: commit.bytes,
  minTimestampNs: String(commit.minTimestampNs),
  maxTimestampNs: String(commit.maxTimestampNs),
});

describe('HotStoreWriter.isPublished', () => {
  it('answers published only once HEAD holds the commit with its fingerprint', async () => {
    const prepared = await writer.prepareCommit('acme', 'spans', spanBatch(20));
    const commit = recorded(prepared.segments[0]);
    expect(await writer.isPublished('acme', 'spans', commit)).toBe(false);
    await prepared.publish();
    expect(await writer.isPublished('acme', 'spans', commit)).toBe(true);
    // Same number, other rows: a commit that reused the number of one never published.
    expect(await writer.isPublished('acme', 'spans', { ...commit, rowCount: commit.rowCount + 1 })).toBe(false);
    expect(await writer.isPublished('acme', 'spans', { ...commit, version: commit.version + 1 })).toBe(false);
  });

  it('answers not published for a segment, dataset or tenant that is not there', async () => {
    const prepared = await writer.prepareCommit('acme', 'spans', spanBatch(5));
    await prepared.publish();
    const commit = recorded(prepared.segments[0]);
    expect(await writer.isPublished('acme', 'logs', commit)).toBe(false);
    expect(await writer.isPublished('nobody', 'spans', commit)).toBe(false);
    expect(await writer.isPublished('acme', 'spans', { ...commit, segmentId: '20000101T000000Z-300s' })).toBe(false);
  });

  it('throws a read error instead of taking the segment for unpublished', async () => {
    const prepared = await writer.prepareCommit('acme', 'spans', spanBatch(5));
    await prepared.publish();
    const commit = recorded(prepared.segments[0]);
    const paths = segmentPaths(join(datasetDir(root, 'acme', 'spans'), commit.segmentId));
    // Injected: HEAD unreadable (a directory: EISDIR, as an EIO would be) …
    await rm(paths.head);
    await mkdir(paths.head);
    await expect(writer.isPublished('acme', 'spans', commit)).rejects.toMatchObject({ code: 'EISDIR' });
    // … and HEAD naming a manifest that is gone: corrupt, not "not published".
    await rm(paths.head, { recursive: true });
    await writeFile(paths.head, '000099\n');
    await expect(writer.isPublished('acme', 'spans', commit)).rejects.toSatisfy(
      (error: unknown) => error instanceof CorruptDataError || (error as { code?: string }).code === 'ENOENT',
    );
  });
});
