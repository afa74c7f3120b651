import { randomUUID } from 'node:crypto';
import { link, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DiskName } from '../disk-names';
import { isAlreadyExists, isNotFound, replaceFileAtomically, syncDirectory, writeFileDurably } from '../durable-fs';
import { LeaseHeldError, LeaseLostError } from '../errors';

/** The content of `.lock`: `lease-<uuid>@<expiresMs>`. */
export interface LeaseRecord {
  id: string;
  expiresAtMs: number;
}

export function formatLease(lease: LeaseRecord): string {
  return `${DiskName.leasePrefix}${lease.id}${DiskName.leaseSeparator}${lease.expiresAtMs}`;
}

export function parseLease(text: string): LeaseRecord | undefined {
  const match = /^lease-([0-9a-f-]{36})@(\d+)$/.exec(text.trim());
  return match === null ? undefined : { id: match[1], expiresAtMs: Number(match[2]) };
}

const MAX_ATTEMPTS = 5;

/**
 * A writer's exclusive right to commit to one segment. `.lock` is created whole (written to a temp
 * file, then hard-linked into place, which fails if it exists); an expired lease is taken over by
 * renaming it aside, checking it was the expired one, and linking a new one in.
 */
export class SegmentLease {
  private constructor(
    private readonly segmentDir: string,
    private readonly ttlMs: number,
    private readonly clock: () => number,
    private record: LeaseRecord,
  ) {}

  /** Takes the lease of a segment, or throws {@link LeaseHeldError} if a live one exists. */
  static async acquire(segmentDir: string, ttlMs: number, clock: () => number = Date.now): Promise<SegmentLease> {
    const lockPath = join(segmentDir, DiskName.lock);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const record = { id: randomUUID(), expiresAtMs: clock() + ttlMs };
      if (await linkNewLease(segmentDir, lockPath, record)) return new SegmentLease(segmentDir, ttlMs, clock, record);
      const current = await readLease(lockPath);
      if (current === 'missing') continue;
      if (current.expiresAtMs > clock()) throw new LeaseHeldError(segmentDir, current.expiresAtMs);
      await takeAside(segmentDir, lockPath, current.text);
    }
    throw new LeaseHeldError(segmentDir, clock() + ttlMs);
  }

  get id(): string {
    return this.record.id;
  }

  get expiresAtMs(): number {
    return this.record.expiresAtMs;
  }

  /** Throws {@link LeaseLostError} unless `.lock` still holds this lease and it has not expired. */
  async verify(): Promise<void> {
    const current = await readLease(join(this.segmentDir, DiskName.lock));
    if (current === 'missing' || current.id !== this.record.id || this.record.expiresAtMs <= this.clock()) {
      throw new LeaseLostError(this.segmentDir);
    }
  }

  /** Extends the lease by its TTL from now. */
  async renew(): Promise<void> {
    await this.verify();
    const record = { id: this.record.id, expiresAtMs: this.clock() + this.ttlMs };
    await replaceFileAtomically(join(this.segmentDir, DiskName.lock), formatLease(record), this.segmentDir);
    this.record = record;
  }

  /** Renews once half the TTL has passed. */
  async renewIfDue(): Promise<void> {
    if (this.record.expiresAtMs - this.clock() < this.ttlMs / 2) await this.renew();
  }

  /** Gives the lease up (removes `.lock` if it is still ours). */
  async release(): Promise<void> {
    const lockPath = join(this.segmentDir, DiskName.lock);
    const current = await readLease(lockPath);
    if (current !== 'missing' && current.id === this.record.id) await rm(lockPath, { force: true });
  }
}

async function linkNewLease(segmentDir: string, lockPath: string, record: LeaseRecord): Promise<boolean> {
  const temp = join(segmentDir, `${DiskName.lock}.${record.id}${DiskName.tempSuffix}`);
  await writeFileDurably(temp, formatLease(record));
  try {
    await link(temp, lockPath);
    await syncDirectory(segmentDir);
    return true;
  } catch (error) {
    if (isAlreadyExists(error)) return false;
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
}

type ReadLease = (LeaseRecord & { text: string }) | 'missing';

/** The lease in `.lock`; unreadable content counts as expired once the file is a TTL old. */
async function readLease(lockPath: string): Promise<ReadLease> {
  try {
    const text = await readFile(lockPath, 'utf8');
    const parsed = parseLease(text);
    if (parsed !== undefined) return { ...parsed, text };
    const { mtimeMs } = await stat(lockPath);
    return { id: '', expiresAtMs: mtimeMs, text };
  } catch (error) {
    if (isNotFound(error)) return 'missing';
    throw error;
  }
}

/** Moves an expired `.lock` aside; puts it back if it turned out to be a fresh one. */
async function takeAside(segmentDir: string, lockPath: string, expiredText: string): Promise<void> {
  const aside = join(segmentDir, `${DiskName.lock}.${randomUUID()}${DiskName.tempSuffix}`);
  try {
    await rename(lockPath, aside);
  } catch (error) {
    if (isNotFound(error)) return;
    throw error;
  }
  const moved = await readFile(aside, 'utf8');
  if (moved !== expiredText) {
    await link(aside, lockPath).catch((error: unknown) => {
      if (!isAlreadyExists(error)) throw error;
    });
  }
  await rm(aside, { force: true });
}
