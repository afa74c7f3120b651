import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HotStoreWriter } from '../hot-store-writer';
import { spanBatch } from './span-batches';

/** Times commits of 1,000 span rows (~40 columns): `node <bundle> [commits]`. */
async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'prism-measure-'));
  const writer = new HotStoreWriter({ root });
  const commits = Number(process.argv[2] ?? 50);
  const batches = Array.from({ length: commits }, (_, i) => spanBatch(1000, { seed: i + 1 }));
  const phases = { prepare: 0, publish: 0 };
  for (let i = 0; i < commits; i++) {
    const t0 = performance.now();
    const prepared = await writer.prepareCommit('acme', 'spans', batches[i]);
    const t1 = performance.now();
    await prepared.publish();
    phases.prepare += t1 - t0;
    phases.publish += performance.now() - t1;
  }
  const perCommit = (phases.prepare + phases.publish) / commits;
  console.log(`commit of 1000 rows: ${perCommit.toFixed(1)} ms (prepare ${(phases.prepare / commits).toFixed(1)}, publish ${(phases.publish / commits).toFixed(1)}) → ${Math.round(1000 / perCommit * 1000)} rows/s`);
  await writer.close();
  await rm(root, { recursive: true, force: true });
}

void main();
