import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { createTenantWithKey, ingestService, openPrismRuntime } from '@prism/runtime';
import { createLogger, createRouter, loadConfig } from '@prism/server';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Bundles the entry points with the esbuild options of project.json, then runs them for real on
// data ingested beforehand (in this process, through the runtime's ingest service) into the same
// data directory.
const workspaceRoot = resolve(import.meta.dirname, '../../..');
const project = JSON.parse(readFileSync(join(import.meta.dirname, '../project.json'), 'utf8')) as {
  targets: Record<string, { options: { main: string; tsConfig: string; target: string; outputFileName: string; external?: string[] } }>;
};
let outDir: string;
let apiKey: string;
const dataDir = () => join(outDir, 'data');
const NOW_NS = BigInt(Date.now()) * 1_000_000n;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'prism-query-app-'));
  const loaded = loadConfig({ PRISM_DATA_DIR: dataDir(), PRISM_LOG_LEVEL: 'error' });
  if (!loaded.ok) throw loaded.error;
  const logger = createLogger({ level: 'error', write: () => undefined });
  const ingest = await openPrismRuntime(loaded.config, logger, [ingestService()]);
  try {
    apiKey = (await createTenantWithKey(ingest.resources.catalog, 'acme')).key;
    const span = (spanId: string, name: string) => ({ traceId: '5b8efff798038103d269b633813fc60c', spanId, name, kind: 2, startTimeUnixNano: String(NOW_NS), endTimeUnixNano: String(NOW_NS + 1_000_000n) });
    const body = JSON.stringify({
      resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] }, scopeSpans: [{ spans: [span('eee19b7ec3c1b174', 'pay'), span('eee19b7ec3c1b175', 'pay')] }] }],
    });
    const reply = await createRouter(ingest.routes).dispatch(
      { method: 'POST', path: '/v1/traces', query: new URLSearchParams(), headers: { 'content-type': 'application/json', 'x-api-key': apiKey }, body: new TextEncoder().encode(body) },
      { logger, requestId: 'seed' },
    );
    expect(reply.status).toBe(200);
  } finally {
    await ingest.close();
  }
}, 30_000);
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
    external: options.external ?? [],
    logLevel: 'silent',
  });
  return outfile;
}

describe('apps/query main bundle', () => {
  it('answers health, a DSL query with the ingested rows, 401 without a key, has no ingest endpoints, and exits 0 on SIGTERM', async () => {
    const script = await bundle('build-main');
    const child = spawn(process.execPath, [script], {
      cwd: outDir,
      // Packages marked external in project.json resolve from the workspace, as they do under dist/.
      env: { PATH: process.env.PATH ?? '', NODE_PATH: join(workspaceRoot, 'node_modules'), PRISM_PORT: '0', PRISM_DATA_DIR: dataDir() },
    });
    const lines: Array<Record<string, unknown>> = [];
    let stderr = '';
    createInterface({ input: child.stdout }).on('line', (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on('close', done));
    try {
      await expect.poll(() => lines.find((line) => line.msg === 'listening'), { timeout: 10_000 }).toBeDefined();
      const url = lines.find((line) => line.msg === 'listening')?.url as string;
      expect((await fetch(`${url}/healthz`, { headers: { connection: 'close' } })).status).toBe(200);
      await expect.poll(async () => (await fetch(`${url}/readyz`, { headers: { connection: 'close' } })).status, { timeout: 15_000 }).toBe(200);

      const query = (headers: Record<string, string>) =>
        fetch(`${url}/api/v1/query`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', connection: 'close', ...headers },
          body: JSON.stringify({ signal: 'spans', groupBy: ['service', 'operation'], aggregates: [{ fn: 'count' }] }),
        });
      const answer = await query({ 'x-api-key': apiKey });
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({ columns: ['service', 'operation', 'count'], rows: [{ service: 'checkout', operation: 'pay', count: 2 }] });
      expect((await query({})).status).toBe(401);
      const names = await fetch(`${url}/api/v2/spans?serviceName=checkout`, { headers: { 'x-api-key': apiKey, connection: 'close' } });
      expect(await names.json()).toEqual(['pay']);
      const ingest = await fetch(`${url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': apiKey, connection: 'close' }, body: '{}' });
      expect(ingest.status).toBe(404);

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stderr).toBe('');
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('apps/query Lambda bundle', () => {
  it('exports a handler that answers /healthz', async () => {
    const script = await bundle('build-handler');
    const child = spawn(
      process.execPath,
      [
        '-e',
        `require(${JSON.stringify(script)}).handler({ version: '2.0', routeKey: '$default', rawPath: '/healthz', rawQueryString: '',
          requestContext: { requestId: 'r1', stage: '$default', http: { method: 'GET', path: '/healthz' } }, isBase64Encoded: false })
          .then((result) => process.stderr.write(JSON.stringify(result)))`,
      ],
      { env: { PATH: process.env.PATH ?? '', NODE_PATH: join(workspaceRoot, 'node_modules'), PRISM_LOG_LEVEL: 'error', PRISM_DATA_DIR: join(outDir, 'lambda-data') } },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await new Promise<number | null>((done) => child.on('close', done))).toBe(0);
    expect(JSON.parse(stderr)).toMatchObject({ statusCode: 200 });
  });
});
