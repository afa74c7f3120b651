import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openPrismRuntime, queryService, runLifecyclePass } from '@prism/runtime';
import {
  bundleAppTarget,
  dataDirConfig,
  ingestIntoDataDir,
  invokeBundledHandler,
  postInProcess,
  scheduledEvent,
  silentLogger,
  spawnNode,
  twoCheckoutPaySpans,
  useTempDir,
} from '@prism/runtime/testing';
import { beforeAll, describe, expect, it } from 'vitest';

// Ingests spans through the runtime into a temp data dir, then bundles the entry points with the
// esbuild options of project.json and runs them for real on that data.
const appDir = resolve(import.meta.dirname, '..');
const outDir = useTempDir('prism-parquetizer-app-');
const dataDir = () => join(outDir(), 'data');
// The deployed Lambda's catalog is PostgreSQL; this test's is PGlite, which must load its WASM from node_modules.
const bundle = (targetName: string) => bundleAppTarget({ appDir, targetName, outDir: outDir(), extraExternal: ['@electric-sql/pglite'] });
const run = (args: string[], env: Record<string, string>) => spawnNode(args, { cwd: outDir(), env: { PRISM_DATA_DIR: dataDir(), ...env } });
let apiKey: string;

beforeAll(async () => {
  // Two hours back: the segment's window and its hour have ended, so it is sealed (grace 0) and compacted (lateness 0).
  const seeded = await ingestIntoDataDir(dataDir(), 'acme', twoCheckoutPaySpans(BigInt(Date.now() - 2 * 3_600_000) * 1_000_000n));
  expect(seeded.status).toBe(200);
  apiKey = seeded.apiKey;
  const sealer = await openPrismRuntime(dataDirConfig(dataDir(), { PRISM_SEAL_GRACE_MS: '0' }), silentLogger, []);
  try {
    expect(await runLifecyclePass(sealer.resources, 'seal')).toMatchObject({ sealed: 1, failed: 0 });
  } finally {
    await sealer.close();
  }
}, 60_000);

describe('apps/parquetizer Lambda bundle', () => {
  it('compacts the sealed segment to Parquet on a scheduled event; queries then read it from the Parquet part', async () => {
    const lambda = invokeBundledHandler(await bundle('build-handler'), scheduledEvent(), {
      cwd: outDir(),
      env: { PRISM_DATA_DIR: dataDir(), PRISM_LOG_LEVEL: 'error', PRISM_PARQUETIZE_LATENESS_MS: '0' },
    });
    expect(await lambda.exited).toBe(0);
    expect(JSON.parse(lambda.stderr())).toMatchObject({ parts: 1, segments: 1, rows: 2, failed: 0 });
    const objects = readdirSync(join(dataDir(), 'objects'), { recursive: true, encoding: 'utf8' });
    expect(objects.some((key) => /dt=\d{4}-\d{2}-\d{2}\/hour=\d{2}\/part-001\.parquet$/.test(key))).toBe(true);

    const query = await openPrismRuntime(dataDirConfig(dataDir()), silentLogger, [queryService()]);
    try {
      const segments = await query.resources.catalog.forTenant('acme').segments.overlapping({ dataset: 'spans', fromNs: 0n, toNs: 2n ** 62n });
      expect(segments.map((segment) => segment.state)).toEqual(['parquetized']);
      const body = JSON.stringify({ signal: 'spans', groupBy: ['service', 'operation'], aggregates: [{ fn: 'count' }] });
      const reply = await postInProcess(query.routes, '/api/v1/query', body, { 'x-api-key': apiKey });
      expect(JSON.parse(String(reply.body))).toEqual({
        columns: ['service', 'operation', 'count'],
        rows: [{ service: 'checkout', operation: 'pay', count: 2 }],
      });
    } finally {
      await query.close();
    }
  });
});

describe('apps/parquetizer main bundle', () => {
  it('runs one pass with JSON logs and exits 0 (nothing left to compact), and exits 1 on a bad variable', async () => {
    const script = await bundle('build-main');
    const once = run([script], { PRISM_PARQUETIZE_LATENESS_MS: '0' });
    expect(await once.exited).toBe(0);
    expect(once.jsonLines()).toContainEqual(expect.objectContaining({ msg: 'lifecycle pass finished', pass: 'compact', parts: 0, failed: 0 }));
    const bad = run([script], { PRISM_PARQUETIZE_LATENESS_MS: 'later' });
    expect(await bad.exited).toBe(1);
    expect(bad.stderr()).toContain('PRISM_PARQUETIZE_LATENESS_MS');
  });
});
