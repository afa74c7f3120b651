// Entry of a separate process for the lock tests (bundled by `lock-holder.ts`):
// `node lock-holder.js lock|catalog <dataDir> <owner>` takes the directory's lock, or opens the
// whole catalog, prints "held", and lets go on SIGTERM.
import { openCatalog } from '../catalog';
import { acquireDataDirLock } from '../dialects/pglite/data-dir-lock';
import { testCatalogSeed } from '../testing';

async function hold(mode: string, dataDir: string, owner: string): Promise<() => Promise<void>> {
  if (mode === 'catalog') {
    const catalog = await openCatalog({ kind: 'pglite', dataDir, owner, ...testCatalogSeed() });
    return () => catalog.close();
  }
  const lock = await acquireDataDirLock(dataDir, owner);
  return () => lock.release();
}

const [mode = 'lock', dataDir = '.', owner = 'lock test holder'] = process.argv.slice(2);
hold(mode, dataDir, owner).then(
  (letGo) => {
    process.once('SIGTERM', () => void letGo().then(() => process.exit(0)));
    setInterval(() => undefined, 60_000);
    process.stdout.write('held\n');
  },
  (error: unknown) => {
    process.stdout.write(`failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
    process.exit(1);
  },
);
