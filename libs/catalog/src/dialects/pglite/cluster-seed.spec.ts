import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalog } from '../../catalog';
import { CatalogError } from '../../errors';
import { writePgliteClusterSeed } from './cluster-seed';

describe('PGlite cluster seed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prism-cluster-seed-'));
  const seed = join(dir, 'seed.tar');
  beforeAll(() => writePgliteClusterSeed(seed), 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts an in-memory catalog from the seed, migrated as usual', async () => {
    const catalog = await openCatalog({ kind: 'pglite', seed });
    try {
      await catalog.tenants.create({ tenantId: 'seeded', displayName: 'Seeded' });
      expect((await catalog.tenants.get('seeded'))?.displayName).toBe('Seeded');
    } finally {
      await catalog.close();
    }
  });

  it('starts a new on-disk catalog from the seed, which then persists without it', async () => {
    const dataDir = join(dir, 'on-disk');
    const first = await openCatalog({ kind: 'pglite', dataDir, seed });
    await first.tenants.create({ tenantId: 'kept', displayName: 'Kept' });
    await first.close();
    // The seed only starts a catalog: an existing one ignores it, even one that cannot be read.
    const reopened = await openCatalog({ kind: 'pglite', dataDir, seed: join(dir, 'missing.tar') });
    try {
      expect((await reopened.tenants.get('kept'))?.displayName).toBe('Kept');
    } finally {
      await reopened.close();
    }
  });

  it('names the seed that cannot be read, or is not a cluster', async () => {
    const missing = join(dir, 'nowhere.tar');
    await expect(openCatalog({ kind: 'pglite', seed: missing })).rejects.toThrow(CatalogError);
    await expect(openCatalog({ kind: 'pglite', seed: missing })).rejects.toThrow(missing);
    const garbage = join(dir, 'garbage.tar');
    writeFileSync(garbage, 'not a tarball');
    await expect(openCatalog({ kind: 'pglite', seed: garbage })).rejects.toThrow();
  });
});
