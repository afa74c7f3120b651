import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HotStoreWriter } from '../hot-store-writer';
import { encodeCommit } from '../segment/commit-encoder';
import { SPAN_BATCH_INDEXING, spanBatch, spanBatchIndexing } from './span-batches';

/**
 * Times commits of 1,000 span rows (~40 columns): `node <bundle> [commits] [dir]`. Reports the
 * in-memory encoding (CPU: Arrow reads, stats, Bloom filters, encodings, compression) apart from
 * the whole commit, so the rest is file writes and fsyncs; and bytes on disk per span.
 */
async function main(): Promise<void> {
  const commits = Number(process.argv[2] ?? 50);
  const root = await mkdtemp(join(process.argv[3] ?? tmpdir(), 'prism-measure-'));
  const writer = new HotStoreWriter({ root, ...spanBatchIndexing });
  const batches = Array.from({ length: commits }, (_, i) => spanBatch(1000, { seed: i + 1 }));
  const indexing = SPAN_BATCH_INDEXING;
  // Warm the JIT and zlib, then time encoding alone.
  for (const batch of batches.slice(0, 5)) encodeCommit(batch, undefined, [], indexing);
  const e0 = performance.now();
  for (const batch of batches) encodeCommit(batch, undefined, [], indexing);
  const encodeMs = (performance.now() - e0) / commits;

  const phases = { prepare: 0, publish: 0 };
  let rows = 0;
  for (let i = 0; i < commits; i++) {
    const t0 = performance.now();
    const prepared = await writer.prepareCommit('acme', 'spans', batches[i]);
    const t1 = performance.now();
    await prepared.publish();
    phases.prepare += t1 - t0;
    phases.publish += performance.now() - t1;
    rows += prepared.rowCount;
  }
  await writer.close();
  const diskBytes = Number(execFileSync('du', ['-sb', root]).toString().split('\t')[0]);
  const apparent = Number(execFileSync('du', ['-sb', '--apparent-size', root]).toString().split('\t')[0]);
  const blocks = Number(execFileSync('du', ['-k', '-s', root]).toString().split('\t')[0]) * 1024;
  const perCommit = (phases.prepare + phases.publish) / commits;
  console.log(
    `commit of 1000 rows: ${perCommit.toFixed(1)} ms (prepare ${(phases.prepare / commits).toFixed(1)}, publish ${(phases.publish / commits).toFixed(1)}); ` +
      `encode (CPU) ${encodeMs.toFixed(2)} ms, files + fsync ~${(perCommit - encodeMs).toFixed(1)} ms → ${Math.round((1000 / perCommit) * 1000)} rows/s`,
  );
  console.log(
    `on disk: ${(apparent / rows).toFixed(1)} bytes/span written (${diskBytes} B), ${(blocks / rows).toFixed(1)} bytes/span in allocated 4 kB blocks`,
  );
  await rm(root, { recursive: true, force: true });
}

void main();
