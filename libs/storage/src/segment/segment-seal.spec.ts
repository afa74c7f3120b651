import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorruptDataError, LeaseHeldError } from '../errors';
import { HotStoreWriter } from '../hot-store-writer';
import { openSegmentReader } from '../segment-reader';
import { listSegments } from '../segment-listing';
import { BASE_NS, spanBatch } from '../test-support/span-batches';
import { freezeHotSegment, readSealRecord } from './segment-seal';
import { parseSegmentId, segmentGenerationOf, segmentWindowOf, windowGeneration } from './segment-window';

const WINDOW = segmentWindowOf(BASE_NS, 300_000).segmentId;
let root: string;
let writer: HotStoreWriter;
let now: number;
const clock = () => now;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'prism-seal-'));
  now = 1_700_000_000_000;
  writer = new HotStoreWriter({ root, leaseTtlMs: 10_000, clock });
});

afterEach(async () => {
  await writer.close();
  await rm(root, { recursive: true, force: true });
});

async function commit(rows: number, seed: number) {
  const prepared = await writer.prepareCommit('acme', 'spans', spanBatch(rows, { seed }));
  await prepared.publish();
  return prepared.segments.map((segment) => segment.segmentId);
}

describe('segment generations', () => {
  it('parses generation suffixes and refuses malformed ones', () => {
    expect(parseSegmentId(`${WINDOW}~2`)?.startNs).toBe(BASE_NS);
    expect(parseSegmentId(`${WINDOW}~12`)?.segmentId).toBe(`${WINDOW}~12`);
    for (const bad of [`${WINDOW}~1`, `${WINDOW}~0`, `${WINDOW}~02`, `${WINDOW}~`, `${WINDOW}~x`]) expect(parseSegmentId(bad)).toBeUndefined();
    expect(segmentGenerationOf(WINDOW)).toBe(1);
    expect(segmentGenerationOf(`${WINDOW}~3`)).toBe(3);
    const window = segmentWindowOf(BASE_NS, 300_000);
    expect(windowGeneration(windowGeneration(window, 3), 2).segmentId).toBe(`${WINDOW}~2`);
    expect(windowGeneration(windowGeneration(window, 3), 1).segmentId).toBe(WINDOW);
  });
});

describe('freezing a segment for sealing', () => {
  it('writes .seal at HEAD; later rows of the window go to the next generation, never into the sealed one', async () => {
    expect(await commit(10, 1)).toEqual([WINDOW]);
    now += 20_000; // the writer's lease has lapsed
    const frozen = await freezeHotSegment(root, 'acme', 'spans', WINDOW, { leaseTtlMs: 10_000, clock });
    expect(frozen).toMatchObject({ alreadyFrozen: false, manifest: { version: 1 } });
    expect(await readSealRecord(frozen.segmentDir)).toEqual({ manifestVersion: 1, sealedAtMs: now });

    // The cached writer lost its lease to the sealer: it reopens, and the batch lands in the next generation.
    expect(await commit(5, 2)).toEqual([`${WINDOW}~2`]);
    expect(await commit(5, 3)).toEqual([`${WINDOW}~2`]);
    expect((await openSegmentReader(root, 'acme', 'spans', WINDOW)).rowCount).toBe(10);
    expect((await openSegmentReader(root, 'acme', 'spans', `${WINDOW}~2`)).rowCount).toBe(10);

    // A fresh writer (another process) skips the sealed generation as well.
    const other = new HotStoreWriter({ root, leaseTtlMs: 10_000, clock });
    now += 20_000;
    await freezeHotSegment(root, 'acme', 'spans', `${WINDOW}~2`, { leaseTtlMs: 10_000, clock });
    const prepared = await other.prepareCommit('acme', 'spans', spanBatch(1, { seed: 4 }));
    await prepared.publish();
    await other.close();
    expect(prepared.segments[0].segmentId).toBe(`${WINDOW}~3`);
    expect((await listSegments(root, 'acme', 'spans')).map((segment) => segment.segmentId)).toEqual([WINDOW, `${WINDOW}~2`, `${WINDOW}~3`]);
  });

  it('waits for a live writer lease, and a second freeze finds the seal already there', async () => {
    await commit(3, 1);
    await expect(freezeHotSegment(root, 'acme', 'spans', WINDOW, { leaseTtlMs: 10_000, clock })).rejects.toBeInstanceOf(LeaseHeldError);
    await writer.close();
    await freezeHotSegment(root, 'acme', 'spans', WINDOW, { leaseTtlMs: 10_000, clock });
    const again = await freezeHotSegment(root, 'acme', 'spans', WINDOW, { leaseTtlMs: 10_000, clock });
    expect(again).toMatchObject({ alreadyFrozen: true, manifest: { version: 1 } });
    await expect(freezeHotSegment(root, 'acme', 'spans', '20231114T220000Z-300s', { leaseTtlMs: 10_000, clock })).rejects.toBeInstanceOf(CorruptDataError);
  });
});
