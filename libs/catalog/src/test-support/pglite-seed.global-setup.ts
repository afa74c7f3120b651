// Vitest global setup for every project whose tests open embedded catalogs: makes one PGlite
// cluster seed per installed PGlite version under node_modules/.cache (npm ci starts it empty) and
// hands it to the tests, and to the processes they spawn, through PRISM_CATALOG_SEED. Tests that
// are about initdb itself open PGlite without a seed.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { writePgliteClusterSeed } from '../dialects/pglite/cluster-seed';

function pgliteSeedPath(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const packageDir = entry.slice(0, entry.lastIndexOf(join('node_modules', '@electric-sql', 'pglite')) + 'node_modules/@electric-sql/pglite'.length);
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  return join(dirname(dirname(packageDir)), '.cache', 'prism', `pglite-${version}-cluster-seed.tar`);
}

export default async function setup(): Promise<void> {
  if (process.env['PRISM_CATALOG_SEED'] !== undefined) return;
  const seed = pgliteSeedPath();
  if (!existsSync(seed)) {
    mkdirSync(dirname(seed), { recursive: true });
    await writePgliteClusterSeed(seed);
  }
  process.env['PRISM_CATALOG_SEED'] = seed;
}
