import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTenantWithKey, ingestService, openPrismRuntime, queryService, runLifecyclePass } from '@prism/runtime';
import { createLogger, createRouter, loadConfig } from '@prism/server';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Ingests spans through the runtime into a temp data dir, then bundles the entry points with the
// esbuild options of project.json and runs them for real on that data.
const workspaceRoot = resolve(import.meta.dirname, '../../..');
const project = JSON.parse(readFileSync(join(import.meta.dirname, '../project.json'), 'utf8')) as {
  targets: Record<string, { options: { main: string; tsConfig: string; target: string; outputFileName: string; external?: string[] } }>;
};
let outDir: string;
const dataDir = () => join(outDir, 'data');
// Two hours back: the segment's window and its hour have ended, so it is sealed (grace 0) and compacted (lateness 0).
const START_NS = BigInt(Date.now() - 2 * 3_600_000) * 1_000_000n;

const logger = createLogger({ level: 'error', write: () => undefined });
let apiKey: string;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'prism-parquetizer-app-'));
  const ingest = await openPrismRuntime(configWith({}), logger, [ingestService()]);
  try {
    apiKey = (await createTenantWithKey(ingest.resources.catalog, 'acme')).key;
    const span = (spanId: string) => ({ traceId: '5b8efff798038103d269b633813fc60c', spanId, name: 'pay', kind: 2, startTimeUnixNano: String(START_NS), endTimeUnixNano: String(START_NS + 1_000_000n) });
    const body = JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] }, scopeSpans: [{ spans: [span('eee19b7ec3c1b174'), span('eee19b7ec3c1b175')] }] }] });
    const reply = await createRouter(ingest.routes).dispatch(
      { method: 'POST', path: '/v1/traces', query: new URLSearchParams(), headers: { 'content-type': 'application/json', 'x-api-key': apiKey }, body: new TextEncoder().encode(body) },
      { logger, requestId: 'seed' },
    );
    expect(reply.status).toBe(200);
  } finally {
    // Closing releases ingest's segment leases, so the sealer may freeze the segment at once.
    await ingest.close();
  }
  const sealer = await openPrismRuntime(configWith({ PRISM_SEAL_GRACE_MS: '0' }), logger, []);
  try {
    expect(await runLifecyclePass(sealer.resources, 'seal')).toMatchObject({ sealed: 1, failed: 0 });
  } finally {
    await sealer.close();
  }
}, 60_000);

function configWith(env: Record<string, string>) {
  const loaded = loadConfig({ PRISM_DATA_DIR: dataDir(), PRISM_LOG_LEVEL: 'error', ...env });
  if (!loaded.ok) throw loaded.error;
  return loaded.config;
}
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

async function bundle(targetName: string): Promise<string> {
  const options = project.targets[targetName].options;
  const outfile = join(outDir, options.outputFileName);
  await build({
    absWorkingDir: workspaceRoot,
    entryPoints: [options.main],
    tsconfig: options.tsConfig,
    platform: 'node',
    target: options.target,
    format: 'cjs',
    bundle: true,
    outfile,
    // The deployed Lambda's catalog is PostgreSQL; this test's is PGlite, which must load its WASM from node_modules.
    external: [...(options.external ?? []), '@electric-sql/pglite'],
    logLevel: 'silent',
  });
  return outfile;
}

function run(args: string[], env: Record<string, string>) {
  // Packages marked external resolve from the workspace, as they do under dist/.
  const child = spawn(process.execPath, args, { cwd: outDir, env: { PATH: process.env.PATH ?? '', NODE_PATH: join(workspaceRoot, 'node_modules'), PRISM_DATA_DIR: dataDir(), ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('close', done));
  return { exited, stdout: () => stdout, stderr: () => stderr };
}

describe('apps/parquetizer Lambda bundle', () => {
  it('compacts the sealed segment to Parquet on a scheduled event; queries then read it from the Parquet part', async () => {
    const script = await bundle('build-handler');
    const event = { version: '0', 'detail-type': 'Scheduled Event', source: 'aws.events', time: new Date().toISOString(), detail: {} };
    const child = run(['-e', `require(${JSON.stringify(script)}).handler(${JSON.stringify(event)}).then((result) => process.stderr.write(JSON.stringify(result)))`], {
      PRISM_LOG_LEVEL: 'error',
      PRISM_PARQUETIZE_LATENESS_MS: '0',
    });
    expect(await child.exited).toBe(0);
    expect(JSON.parse(child.stderr())).toMatchObject({ parts: 1, segments: 1, rows: 2, failed: 0 });
    const objects = readdirSync(join(dataDir(), 'objects'), { recursive: true, encoding: 'utf8' });
    expect(objects.some((key) => /dt=\d{4}-\d{2}-\d{2}\/hour=\d{2}\/part-001\.parquet$/.test(key))).toBe(true);

    const query = await openPrismRuntime(configWith({}), logger, [queryService()]);
    try {
      const segments = await query.resources.catalog.forTenant('acme').segments.overlapping({ dataset: 'spans', fromNs: 0n, toNs: 2n ** 62n });
      expect(segments.map((segment) => segment.state)).toEqual(['parquetized']);
      const reply = await createRouter(query.routes).dispatch(
        {
          method: 'POST',
          path: '/api/v1/query',
          query: new URLSearchParams(),
          headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
          body: new TextEncoder().encode(JSON.stringify({ signal: 'spans', groupBy: ['service', 'operation'], aggregates: [{ fn: 'count' }] })),
        },
        { logger, requestId: 'check' },
      );
      expect(JSON.parse(String(reply.body))).toEqual({ columns: ['service', 'operation', 'count'], rows: [{ service: 'checkout', operation: 'pay', count: 2 }] });
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
    const lines = once.stdout().trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'lifecycle pass finished', pass: 'compact', parts: 0, failed: 0 }));
    const bad = run([script], { PRISM_PARQUETIZE_LATENESS_MS: 'later' });
    expect(await bad.exited).toBe(1);
    expect(bad.stderr()).toContain('PRISM_PARQUETIZE_LATENESS_MS');
  });
});
