import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { segmentAddressOf } from '@prism/catalog';
import {
  FilesystemObjectStore,
  SEALED_MARKER,
  defaultFilesystemObjectStoreOptions,
  openSegmentReader,
  openWarmSegmentReader,
  readSealedMarker,
  type ObjectStore,
} from '@prism/storage';
import { FileSealerCatalog } from '../test-support/file-sealer-catalog';
import { BASE_NS, WINDOW_NS, rowsBatch, writeHotSegments } from '../test-support/hot-fixture';
import { sealerPass } from './sealer-pass';

const RUNS = 4;
const KILLS_PER_RUN = 2;
const NOW_MS = Number(BASE_NS / 1_000_000n) + 3_600_000;
let work: string;
let script: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'prism-seal-crash-'));
  script = join(work, 'crash-sealer.cjs');
  await build({
    entryPoints: [join(import.meta.dirname, '..', 'test-support', 'crash-sealer.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: script,
    logLevel: 'silent',
    // parquet-wasm loads its .wasm beside itself: leave it to node_modules (NODE_PATH below).
    external: ['parquet-wasm'],
    tsconfig: join(import.meta.dirname, '..', '..', 'tsconfig.json'),
  });
}, 60_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Starts a sealer child and SIGKILLs it after it announced `killAfterPuts` puts; resolves with the puts seen. */
function runAndKill(args: string[], killAfterPuts: number): Promise<{ puts: number; finished: boolean }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, NODE_PATH: join(import.meta.dirname, '..', '..', '..', '..', 'node_modules') };
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let puts = 0;
    let finished = false;
    let buffered = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('put ')) puts++;
        if (line.startsWith('done ')) finished = true;
      }
      if (puts >= killAfterPuts) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' || (code === 0 && finished)) resolve({ puts, finished });
      else reject(new Error(`sealer child failed (${String(code)}): ${stderr}`));
    });
  });
}

/** Every key under a prefix. */
async function keysUnder(store: ObjectStore, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list(prefix, cursor === undefined ? {} : { cursor });
    keys.push(...page.keys.map((entry) => entry.key));
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return keys;
}

describe('sealer crash safety', () => {
  for (let run = 0; run < RUNS; run++) {
    it(`run ${run}: SIGKILLed mid-upload ${KILLS_PER_RUN} times, the next pass finishes without loss or duplicates`, async () => {
      const dir = join(work, `run-${run}`);
      const hotRoot = join(dir, 'hot');
      const objectsDir = join(dir, 'objects');
      const catalogFile = join(dir, 'catalog.json');
      const batches = [0, 1, 2].flatMap((window) =>
        [0, 1, 2, 3].map((commit) =>
          rowsBatch(20 + ((run * 13 + commit * 7) % 60), BASE_NS + BigInt(window) * WINDOW_NS + BigInt(commit) * 1000n, run * 10 + commit),
        ),
      );
      const segments = await writeHotSegments(hotRoot, 'acme', 'spans', batches);
      expect(segments).toHaveLength(3);
      const catalog = FileSealerCatalog.create(catalogFile, segments);

      // Each segment is ~11 puts (meta, manifest, 4 stats, 4 block files, _SEALED): kill somewhere in the ~33.
      let killed = 0;
      for (let kill = 0; kill < KILLS_PER_RUN; kill++) {
        const killAfter = 1 + ((run * 17 + kill * 11) % 30);
        const outcome = await runAndKill([hotRoot, objectsDir, catalogFile, String(run * 100 + kill), String(NOW_MS)], killAfter);
        if (!outcome.finished) killed++;
      }
      expect(killed).toBeGreaterThan(0);

      const objects = new FilesystemObjectStore(defaultFilesystemObjectStoreOptions(objectsDir));
      // Past the children's lease TTL, in case a kill landed while one held a segment's lease.
      const later = () => NOW_MS + 120_000;
      const summary = await sealerPass({ catalog, hotRoot, objects, clock: later }, {});
      expect(summary.failed).toEqual([]);
      expect(summary.busy).toEqual([]);

      for (const segment of catalog.segments()) {
        expect(segment.state).toBe('sealed');
        const prefix = segment.objectPrefix ?? '';
        const marker = await readSealedMarker(objects, prefix);
        expect(marker?.rowCount).toBe(segment.rowCount);
        // Exactly the files the marker lists plus the marker: nothing twice, nothing left over.
        expect((await keysUnder(objects, prefix + '/')).sort()).toEqual(
          [SEALED_MARKER, ...(marker?.files ?? []).map((file) => file.path)].map((path) => `${prefix}/${path}`).sort(),
        );
        const address = segmentAddressOf(segment.segmentId);
        const hot = await openSegmentReader(hotRoot, 'acme', 'spans', address?.segmentId ?? '');
        const warm = await openWarmSegmentReader(objects, prefix);
        expect((await warm.readColumns()).toArray().map((row) => row.toJSON())).toEqual((await hot.readColumns()).toArray().map((row) => row.toJSON()));
      }
      // Idempotent: another pass has nothing to do.
      expect((await sealerPass({ catalog, hotRoot, objects, clock: later }, {})).sealed).toEqual([]);
    }, 30_000);
  }
});
