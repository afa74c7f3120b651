import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCatalog } from './testing';
import { DATA_DIR_LOCK_FILE } from './dialects/pglite/data-dir-lock';
import { CatalogInUseError } from './errors';
import { lockHolders } from './test-support/lock-holder';

let holders: Awaited<ReturnType<typeof lockHolders>>;
let root: string;
beforeAll(async () => {
  holders = await lockHolders();
  root = await mkdtemp(join(tmpdir(), 'prism-catalog-in-use-'));
}, 60_000);
afterAll(async () => {
  holders.cleanUp();
  await rm(root, { recursive: true, force: true });
});

// Issue #17: the CLI opened the running server's PGlite directory, acknowledged a tenant, and lost it.
describe('an embedded catalog directory is open in one process at a time', () => {
  it('refuses a second process while the first has it open, and opens once that one was killed', async () => {
    const dataDir = join(root, 'two-processes');
    const server = holders.start('catalog', dataDir, 'prism server');
    await server.held;
    const refused = await openTestCatalog({ dataDir, owner: 'prism cli' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CatalogInUseError);
    expect(refused).toMatchObject({ ownerPid: server.pid, dataDir, message: expect.stringContaining(`in use by process ${server.pid} (prism server)`) });

    // Killed holding it: the lock is stale, taken over, and Postgres recovers from its WAL.
    await server.kill();
    const catalog = await openTestCatalog({ dataDir, owner: 'prism cli' });
    await catalog.tenants.create({ tenantId: 'after-crash' });
    await catalog.close();
    expect(existsSync(join(dataDir, DATA_DIR_LOCK_FILE))).toBe(false);
  }, 120_000);

  it('refuses a second open in the same process, releases on close, and leaves in-memory catalogs alone', async () => {
    const dataDir = join(root, 'one-process');
    const first = await openTestCatalog({ dataDir });
    await expect(openTestCatalog({ dataDir })).rejects.toMatchObject({ name: 'CatalogInUseError', ownerPid: process.pid });
    await first.tenants.create({ tenantId: 'still-works' });
    await first.close();
    expect(existsSync(join(dataDir, DATA_DIR_LOCK_FILE))).toBe(false);

    const [again, memory] = await Promise.all([openTestCatalog({ dataDir }), openTestCatalog()]);
    expect((await again.tenants.get('still-works'))?.tenantId).toBe('still-works');
    await Promise.all([again.close(), memory.close()]);
  }, 120_000);
});
