import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { CatalogInUseError } from '../../errors';
import { deadPid, lockHolders } from '../../test-support/lock-holder';
import { DATA_DIR_LOCK_FILE, acquireDataDirLock } from './data-dir-lock';

let holders: Awaited<ReturnType<typeof lockHolders>>;
const dirs: string[] = [];
beforeAll(async () => {
  holders = await lockHolders();
}, 60_000);
afterAll(() => {
  holders.cleanUp();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'prism-lock-'));
  dirs.push(dir);
  return dir;
}

const lockFile = (dir: string) => join(dir, DATA_DIR_LOCK_FILE);
const lockContent = (dir: string) => JSON.parse(readFileSync(lockFile(dir), 'utf8')) as Record<string, unknown>;

describe('the data directory lock', () => {
  it('names its holder in the lock file and removes the file on release', async () => {
    const dir = tempDir();
    const lock = await acquireDataDirLock(dir, 'prism server');
    expect(lock.path).toBe(lockFile(dir));
    expect(lockContent(dir)).toEqual({ pid: process.pid, startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), owner: 'prism server', host: hostname() });
    await lock.release();
    expect(existsSync(lockFile(dir))).toBe(false);
    await lock.release();
    await (await acquireDataDirLock(dir)).release();
  });

  it('refuses a second lock in the same process: two PGlite instances on one directory corrupt it', async () => {
    const dir = tempDir();
    const lock = await acquireDataDirLock(dir, 'first');
    const second = await acquireDataDirLock(dir, 'second').catch((error: unknown) => error);
    expect(second).toBeInstanceOf(CatalogInUseError);
    expect(second).toMatchObject({ ownerPid: process.pid, lockPath: lockFile(dir), dataDir: dir, holder: { owner: 'first' } });
    await lock.release();
  });

  it('refuses a lock another live process holds, naming it, and is taken once that process let go', async () => {
    const dir = tempDir();
    const holder = holders.start('lock', dir, 'prism server');
    await holder.held;
    const refused = await acquireDataDirLock(dir, 'prism cli').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CatalogInUseError);
    expect(refused).toMatchObject({
      name: 'CatalogInUseError',
      ownerPid: holder.pid,
      lockPath: lockFile(dir),
      message: `the embedded catalog at ${dir} is in use by process ${holder.pid} (prism server); stop it, or use the running server's admin API`,
    });
    expect(await holder.stop()).toBe(0);
    expect(existsSync(lockFile(dir))).toBe(false);
    const lock = await acquireDataDirLock(dir, 'prism cli');
    expect(lockContent(dir)).toMatchObject({ pid: process.pid, owner: 'prism cli' });
    await lock.release();
  }, 30_000);

  it('takes over the lock of a process that was killed holding it', async () => {
    const dir = tempDir();
    const holder = holders.start('lock', dir);
    await holder.held;
    await holder.kill();
    expect(lockContent(dir)).toMatchObject({ pid: holder.pid });
    const lock = await acquireDataDirLock(dir, 'after the crash');
    expect(lockContent(dir)).toMatchObject({ pid: process.pid, owner: 'after the crash' });
    await lock.release();
  }, 30_000);

  it('takes over a lock left by an earlier process with this pid (a restarted container)', async () => {
    const dir = tempDir();
    writeFileSync(lockFile(dir), JSON.stringify({ pid: process.pid, startedAt: '2020-01-01T00:00:00.000Z', owner: 'prism server', host: 'old' }));
    const lock = await acquireDataDirLock(dir);
    expect(lockContent(dir)).toMatchObject({ pid: process.pid, startedAt: expect.not.stringMatching(/^2020/) });
    await lock.release();
  });

  it('lets exactly one of two openers take over a stale lock at once', async () => {
    const dir = tempDir();
    writeFileSync(lockFile(dir), JSON.stringify({ pid: deadPid(), startedAt: '', owner: 'crashed', host: hostname() }));
    const results = await Promise.allSettled([acquireDataDirLock(dir, 'a'), acquireDataDirLock(dir, 'b')]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const winner = results.find((result) => result.status === 'fulfilled');
    await winner?.value.release();
    expect(existsSync(lockFile(dir))).toBe(false);
  });

  it('waits for a lock file that is still being written, and clears one a crash left half-written', async () => {
    const dir = tempDir();
    writeFileSync(lockFile(dir), '');
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockFile(dir), old, old);
    await (await acquireDataDirLock(dir)).release();

    // Created by another opener that writes its pid a moment later: the lock is theirs.
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    onTestFinished(() => void sleeper.kill('SIGKILL'));
    writeFileSync(lockFile(dir), '');
    setTimeout(() => writeFileSync(lockFile(dir), JSON.stringify({ pid: sleeper.pid, startedAt: '', owner: 'slow writer', host: hostname() })), 200);
    await expect(acquireDataDirLock(dir)).rejects.toMatchObject({ name: 'CatalogInUseError', ownerPid: sleeper.pid });
  });
});
