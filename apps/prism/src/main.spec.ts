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
  targets: Record<string, { options: { main: string; tsConfig: string; platform: 'node'; target: string; format: ['cjs']; outputFileName: string } }>;
};

let outDir: string;

async function bundle(targetName: string): Promise<string> {
  const options = project.targets[targetName].options;
  const outfile = join(outDir, options.outputFileName);
  await build({
    absWorkingDir: workspaceRoot,
    entryPoints: [options.main],
    tsconfig: options.tsConfig,
    platform: options.platform,
    target: options.target,
    format: options.format[0],
    bundle: true,
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

beforeAll(() => {
  outDir = mkdtempSync(join(tmpdir(), 'prism-app-'));
});
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

function run(script: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [script], { cwd: outDir, env: { PATH: process.env.PATH ?? '', ...env } });
  const lines: Record<string, unknown>[] = [];
  let stderr = '';
  createInterface({ input: child.stdout }).on('line', (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  return { child, lines, exited, stderr: () => stderr };
}

describe('apps/prism main bundle', () => {
  it('serves /healthz, then logs shutdown and exits 0 on SIGTERM', async () => {
    const script = await bundle('build-main');
    const server = run(script, { PRISM_PORT: '0', PRISM_DATA_DIR: join(outDir, 'data') });
    try {
      await expect.poll(() => server.lines.find((line) => line.msg === 'listening'), { timeout: 10_000 }).toBeDefined();
      const url = server.lines.find((line) => line.msg === 'listening')?.url as string;
      const reply = await fetch(`${url}/healthz`, { headers: { connection: 'close' } });
      expect(reply.status).toBe(200);
      expect(await reply.json()).toMatchObject({ status: 'ok' });

      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      expect(server.lines.map((line) => line.msg)).toEqual(expect.arrayContaining(['signal received', 'shutting down', 'shut down']));
      expect(server.stderr()).toBe('');
    } finally {
      server.child.kill('SIGKILL');
    }
  });

  it('exits 1 with a clear message on stderr when a variable is bad', async () => {
    const script = await bundle('build-main');
    const server = run(script, { PRISM_PORT: '99999' });
    expect(await server.exited).toBe(1);
    expect(server.stderr()).toBe('Invalid configuration:\n  - PRISM_PORT is "99999"; expected an integer from 0 to 65535\n');
    expect(server.lines).toEqual([]);
  });
});

describe('apps/prism Lambda bundle', () => {
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
      { env: { PATH: process.env.PATH ?? '', PRISM_LOG_LEVEL: 'warn' } },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(code).toBe(0);
    const result = JSON.parse(stderr) as { statusCode: number; body: string };
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ status: 'ok' });
  });
});
