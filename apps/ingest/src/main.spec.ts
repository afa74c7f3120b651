import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Bundles the entry points with the esbuild options of project.json, then runs them for real.
const workspaceRoot = resolve(import.meta.dirname, '../../..');
const project = JSON.parse(readFileSync(join(import.meta.dirname, '../project.json'), 'utf8')) as {
  targets: Record<string, { options: { main: string; tsConfig: string; target: string; outputFileName: string; external?: string[] } }>;
};
let outDir: string;

beforeAll(() => {
  outDir = mkdtempSync(join(tmpdir(), 'prism-ingest-app-'));
});
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

describe('apps/ingest main bundle', () => {
  it('serves health and the OTLP endpoints (401 without a key), creates no dev tenant, and exits 0 on SIGTERM', async () => {
    const script = await bundle('build-main');
    const child = spawn(process.execPath, [script], {
      cwd: outDir,
      env: { PATH: process.env.PATH ?? '', NODE_PATH: join(workspaceRoot, 'node_modules'), PRISM_PORT: '0', PRISM_DATA_DIR: join(outDir, 'data') },
    });
    const lines: Array<Record<string, unknown>> = [];
    let stderr = '';
    createInterface({ input: child.stdout }).on('line', (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on('close', done));
    try {
      await expect.poll(() => lines.find((line) => line.msg === 'listening'), { timeout: 10_000 }).toBeDefined();
      const url = lines.find((line) => line.msg === 'listening')?.url as string;
      await expect.poll(async () => (await fetch(`${url}/readyz`, { headers: { connection: 'close' } })).status, { timeout: 15_000 }).toBe(200);
      const reply = await fetch(`${url}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json', connection: 'close' }, body: '{}' });
      expect(reply.status).toBe(401);
      expect(await reply.json()).toEqual({ code: 16, message: 'missing x-api-key header' });
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stderr).toBe('');
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('apps/ingest Lambda bundle', () => {
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
