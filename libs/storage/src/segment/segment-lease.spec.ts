import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RowBatchBuilder } from '@prism/contract';
import { LeaseHeldError, LeaseLostError } from '../errors';
import { HotStoreWriter } from '../hot-store-writer';
import { openSegmentReader } from '../segment-reader';
import { BASE_NS } from '../test-support/span-batches';
import { SegmentLease, parseLease } from './segment-lease';

let dir: string;
let now: number;
const clock = () => now;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'prism-lease-'));
  now = 1_000_000;
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function oneRow(ts: bigint) {
  const builder = new RowBatchBuilder();
  builder.startRow();
  builder.setInt64('timestamp', ts);
  return builder.build();
}

describe('SegmentLease', () => {
  it('writes lease-<uuid>@<expires>, refuses a second holder, and lets an expired lease be taken over', async () => {
    const first = await SegmentLease.acquire(dir, 1000, clock);
    expect(parseLease(await readFile(join(dir, '.lock'), 'utf8'))).toEqual({ id: first.id, expiresAtMs: 1_001_000 });
    await expect(SegmentLease.acquire(dir, 1000, clock)).rejects.toBeInstanceOf(LeaseHeldError);
    now += 1001;
    const second = await SegmentLease.acquire(dir, 1000, clock);
    expect(second.id).not.toBe(first.id);
    await expect(first.verify()).rejects.toBeInstanceOf(LeaseLostError);
    await expect(first.renew()).rejects.toBeInstanceOf(LeaseLostError);
    await second.verify();
  });

  it('renewal extends the lease so it cannot be taken over', async () => {
    const lease = await SegmentLease.acquire(dir, 1000, clock);
    now += 600;
    await lease.renewIfDue();
    expect(lease.expiresAtMs).toBe(1_001_600);
    now += 900;
    await expect(SegmentLease.acquire(dir, 1000, clock)).rejects.toBeInstanceOf(LeaseHeldError);
  });

  it('a writer whose lease was taken over refuses to publish and leaves HEAD alone', async () => {
    const slow = new HotStoreWriter({ root: dir, leaseTtlMs: 1000, clock });
    const prepared = await slow.prepareCommit('acme', 'spans', oneRow(BASE_NS));
    now += 5000;
    const fast = new HotStoreWriter({ root: dir, leaseTtlMs: 1000, clock });
    await (await fast.prepareCommit('acme', 'spans', oneRow(BASE_NS + 1n))).publish();
    await expect(prepared.publish()).rejects.toBeInstanceOf(LeaseLostError);
    const reader = await openSegmentReader(dir, 'acme', 'spans', prepared.segments[0].segmentId);
    expect(reader.version).toBe(1);
    expect(reader.rowCount).toBe(1);
    await fast.close();
    await slow.close();
  });
});
