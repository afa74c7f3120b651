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
  targets: Record<
    string,
    { options: { main: string; tsConfig: string; platform: 'node'; target: string; format: ['cjs']; outputFileName: string; external?: string[] } }
  >;
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
    external: options.external ?? [],
    logLevel: 'silent',
  });
  return outfile;
}

beforeAll(() => {
  outDir = mkdtempSync(join(tmpdir(), 'prism-app-'));
});
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

// Packages marked external in project.json resolve from the workspace, as they do under dist/.
const baseEnv = () => ({ PATH: process.env.PATH ?? '', NODE_PATH: join(workspaceRoot, 'node_modules') });

function run(script: string, env: Record<string, string>, args: string[] = []) {
  const child = spawn(process.execPath, [script, ...args], { cwd: outDir, env: { ...baseEnv(), ...env } });
  const lines: Record<string, unknown>[] = [];
  let stderr = '';
  let stdout = '';
  createInterface({ input: child.stdout }).on('line', (line) => {
    stdout += `${line}\n`;
    if (line.startsWith('{')) lines.push(JSON.parse(line) as Record<string, unknown>);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  return { child, lines, exited, stderr: () => stderr, stdout: () => stdout };
}

async function listeningUrl(server: ReturnType<typeof run>): Promise<string> {
  await expect.poll(() => server.lines.find((line) => line.msg === 'listening'), { timeout: 10_000 }).toBeDefined();
  return server.lines.find((line) => line.msg === 'listening')?.url as string;
}

describe('apps/prism main bundle', () => {
  it('creates the dev tenant on first start, prints its key once, ingests and queries with it, and exits 0 on SIGTERM', async () => {
    const script = await bundle('build-main');
    const env = { PRISM_PORT: '0', PRISM_DATA_DIR: join(outDir, 'data') };
    const server = run(script, env);
    try {
      const url = await listeningUrl(server);
      const reply = await fetch(`${url}/healthz`, { headers: { connection: 'close' } });
      expect(reply.status).toBe(200);
      expect(await reply.json()).toMatchObject({ status: 'ok' });

      await expect.poll(() => server.stderr(), { timeout: 15_000 }).toContain('Send a span:');
      expect(server.stderr()).toContain('Prism created tenant "dev"');
      const key = /\n {2}(prism_\S+)\n/.exec(server.stderr())?.[1] ?? '';
      const curl = /-d '(.+)'\n/.exec(server.stderr())?.[1] ?? '';
      const ingest = await fetch(`${url}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key, connection: 'close' },
        body: curl,
      });
      expect(ingest.status).toBe(200);
      expect((await fetch(`${url}/readyz`, { headers: { connection: 'close' } })).status).toBe(200);
      // Query is served on the same port, with the same key.
      const query = await fetch(`${url}/api/v1/query`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key, connection: 'close' },
        body: JSON.stringify({ signal: 'spans', groupBy: ['service', 'operation'], aggregates: [{ fn: 'count' }] }),
      });
      expect(await query.json()).toEqual({ columns: ['service', 'operation', 'count'], rows: [{ service: 'curl', operation: 'hello prism', count: 1 }] });
      const spanNames = await fetch(`${url}/api/v2/spans?serviceName=curl`, { headers: { 'x-api-key': key, connection: 'close' } });
      expect(await spanNames.json()).toEqual(['hello prism']);

      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      expect(server.lines.map((line) => line.msg)).toEqual(expect.arrayContaining(['signal received', 'shutting down', 'shut down']));
    } finally {
      server.child.kill('SIGKILL');
    }

    // Second start on the same data: no new tenant, no banner.
    const again = run(script, env);
    try {
      await listeningUrl(again);
      await expect.poll(async () => (await fetch(`${await listeningUrl(again)}/readyz`, { headers: { connection: 'close' } })).status, { timeout: 15_000 }).toBe(200);
      again.child.kill('SIGTERM');
      expect(await again.exited).toBe(0);
      expect(again.stderr()).toBe('');
    } finally {
      again.child.kill('SIGKILL');
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
      { env: { ...baseEnv(), PRISM_LOG_LEVEL: 'error', PRISM_DATA_DIR: join(outDir, 'lambda-data') } },
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

describe('apps/prism CLI bundle', () => {
  it('creates and lists tenants, with usage errors as exit 2', async () => {
    const script = await bundle('build-cli');
    const env = { PRISM_DATA_DIR: join(outDir, 'cli-data') };
    const created = run(script, env, ['tenant', 'create', 'acme']);
    expect(await created.exited).toBe(0);
    expect(created.stdout()).toMatch(/Created tenant "acme"\. API key \(shown only now\):\nprism_\S+\n/);
    const listed = run(script, env, ['tenant', 'list']);
    expect(await listed.exited).toBe(0);
    expect(listed.stdout()).toBe('acme\n');
    const wrong = run(script, env, ['tenant', 'remove', 'acme']);
    expect(await wrong.exited).toBe(2);
    expect(wrong.stderr()).toContain('unknown command "tenant remove"');
  });
});
