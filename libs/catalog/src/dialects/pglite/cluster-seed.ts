import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { CatalogError } from '../../errors';

/**
 * Writes a freshly initialised PGlite cluster, before any migration, as a tarball (uncompressed: gzip would cost more CPU than the 40 MB it saves): a new
 * embedded catalog started from it skips initdb, which is almost all of PGlite's start-up (~4 s of
 * CPU against ~0.7 s). Meant for places that create many short-lived catalogs (test suites, CI);
 * migrations still run on every catalog opened from it, so a seed never goes stale with the schema,
 * only with the PGlite version that wrote it. Written to a temporary name and renamed, so a reader
 * never sees half a seed.
 */
export async function writePgliteClusterSeed(path: string): Promise<void> {
  const cluster = await PGlite.create({});
  try {
    const tarball = await cluster.dumpDataDir('none');
    const partial = `${path}.${process.pid}.partial`;
    await writeFile(partial, new Uint8Array(await tarball.arrayBuffer()));
    await rename(partial, path).catch(async (error: unknown) => {
      await rm(partial, { force: true });
      throw error;
    });
  } finally {
    await cluster.close();
  }
}

/** The seed at `path` as PGlite's `loadDataDir` takes it; a CatalogError naming the file if it cannot be read. */
export async function readPgliteClusterSeed(path: string): Promise<Blob> {
  try {
    return new Blob([new Uint8Array(await readFile(path))]);
  } catch (error) {
    throw new CatalogError(`catalog seed ${path} cannot be read: ${(error as Error).message}`, undefined, { cause: error });
  }
}
