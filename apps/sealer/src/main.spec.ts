import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTenantWithKey, ingestService, openPrismRuntime } from '@prism/runtime';
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
// Two hours back: the segment's window has ended, so it is due with a grace of 0.
const START_NS = BigInt(Date.now() - 2 * 3_600_000) * 1_000_000n;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'prism-sealer-app-'));
  const loaded = loadConfig({ PRISM_DATA_DIR: dataDir(), PRISM_LOG_LEVEL: 'error' });
  if (!loaded.ok) throw loaded.error;
  const logger = createLogger({ level: 'error', write: () => undefined });
  const ingest = await openPrismRuntime(loaded.config, logger, [ingestService()]);
  try {
    const apiKey = (await createTenantWithKey(ingest.resources.catalog, 'acme')).key;
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
}, 60_000);
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

describe('apps/sealer Lambda bundle', () => {
  it('seals the ingested segment on a scheduled event and returns the counts', async () => {
    const script = await bundle('build-handler');
    const event = { version: '0', 'detail-type': 'Scheduled Event', source: 'aws.events', time: new Date().toISOString(), detail: {} };
    const child = run(['-e', `require(${JSON.stringify(script)}).handler(${JSON.stringify(event)}).then((result) => process.stderr.write(JSON.stringify(result)))`], {
      PRISM_LOG_LEVEL: 'error',
      PRISM_SEAL_GRACE_MS: '0',
    });
    expect(await child.exited).toBe(0);
    expect(JSON.parse(child.stderr())).toEqual({ sealed: 1, resumed: 0, busy: 0, notDue: 0, failed: 0 });
    const objects = readdirSync(join(dataDir(), 'objects'), { recursive: true, encoding: 'utf8' });
    expect(objects.some((key) => key.endsWith('_SEALED'))).toBe(true);
  });
});

describe('apps/sealer main bundle', () => {
  it('runs one pass with JSON logs and exits 0 (nothing left to seal), and exits 1 on a bad variable', async () => {
    const script = await bundle('build-main');
    const once = run([script], { PRISM_SEAL_GRACE_MS: '0' });
    expect(await once.exited).toBe(0);
    const lines = once.stdout().trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'lifecycle pass finished', pass: 'seal', sealed: 0, failed: 0 }));
    const bad = run([script], { PRISM_SEAL_GRACE_MS: 'soon' });
    expect(await bad.exited).toBe(1);
    expect(bad.stderr()).toContain('PRISM_SEAL_GRACE_MS');
  });
});
