// Test helpers for other libraries' specs (import from '@prism/catalog/testing', never from
// production code).
import { openCatalog, type Catalog } from './catalog';
import type { CommonCatalogOptions } from './catalog-options';
import type { PgliteCatalogOptions } from './dialects/pglite/pglite-dialect';

/** The fresh-cluster seed the vitest global setup made (PRISM_CATALOG_SEED), if any. */
export function testCatalogSeed(): { seed?: string } {
  const seed = process.env['PRISM_CATALOG_SEED'];
  return seed === undefined ? {} : { seed };
}

/**
 * An embedded catalog for a test (in memory unless `dataDir` is given), started from the seed
 * when there is one, so it opens in well under a second instead of running initdb.
 */
export function openTestCatalog(options: Omit<PgliteCatalogOptions, 'seed'> & CommonCatalogOptions = {}): Promise<Catalog> {
  return openCatalog({ kind: 'pglite', ...options, ...testCatalogSeed() });
}
export { createScratchDatabase } from './test-support/scratch-database';
export type { ScratchDatabase } from './test-support/scratch-database';
