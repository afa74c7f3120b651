// Starts the real all-in-one server as a child process, the way `npm start` runs it: bundled from
// apps/prism's own build options, with storage in a temporary data directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { build } from 'esbuild';

/** A running all-in-one server and the dev tenant's API key from its first-start banner. */
export interface RunningPrism {
  baseUrl: string;
  /** `host:port` of its OTLP/gRPC receiver. */
  grpcTarget: string;
  apiKey: string;
  /** CPU time the server process has used so far (user + system), in milliseconds; Linux only. */
  cpuMs(): number | undefined;
  /** Stops the server (SIGTERM, so in-flight commits drain) and waits for it to exit. */
  stop(): Promise<void>;
}

interface EsbuildTargetOptions {
  main: string;
  tsConfig: string;
  platform: 'node';
  target: string;
  external?: string[];
}

/** Bundles apps/prism/src/main.ts with the options of the project's `build-main` target into `outfile`. */
export async function buildPrismServer(workspaceRoot: string, outfile: string): Promise<void> {
  const project = JSON.parse(readFileSync(join(workspaceRoot, 'apps/prism/project.json'), 'utf8')) as {
    targets: Record<string, { options: EsbuildTargetOptions }>;
  };
  const options = project.targets['build-main'].options;
  await build({
    entryPoints: [join(workspaceRoot, options.main)],
    outfile,
    bundle: true,
    platform: options.platform,
    target: options.target,
    format: 'cjs',
    sourcemap: 'inline',
    tsconfig: join(workspaceRoot, options.tsConfig),
    external: options.external ?? [],
    logLevel: 'warning',
  });
}

/** A port that was free a moment ago on loopback. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('could not find a free port');
  return address.port;
}

/** The API key in the dev-tenant banner ("…with this API key…", then the key on its own line). */
export function apiKeyFromBanner(stderr: string): string | undefined {
  const lines = stderr.split('\n');
  const heading = lines.findIndex((line) => line.includes('with this API key'));
  if (heading < 0) return undefined;
  return lines
    .slice(heading + 1)
    .map((line) => line.trim())
    .find((line) => line.length > 0);
}

/**
 * The Node flags `npm start` runs the server with, read from the root package.json's `start`
 * script (`… exec node <flags> dist/apps/prism/main.js`), so the bench runs the server as users do.
 */
export function startScriptNodeFlags(packageJson: string): string[] {
  const start = (JSON.parse(packageJson) as { scripts?: Record<string, string> }).scripts?.['start'] ?? '';
  const match = /\bnode((?:\s+--[\w-]+(?:=\S+)?)*)\s+dist\/apps\/prism\/main\.js/.exec(start);
  if (match === null) throw new Error(`the start script does not run node … dist/apps/prism/main.js: ${JSON.stringify(start)}`);
  return match[1].split(/\s+/).filter((flag) => flag.length > 0);
}

/** Starts `bundle` with `npm start`'s Node flags and the given environment, and waits for the banner; fails after `timeoutMs`. */
export async function startPrismServer(bundle: string, env: Record<string, string>, nodeArgs: string[] = [], timeoutMs = 120_000): Promise<RunningPrism> {
  const port = await freePort();
  const grpcPort = await freePort();
  const nodeFlags = startScriptNodeFlags(readFileSync(join(process.cwd(), 'package.json'), 'utf8'));
  const child = spawn(process.execPath, [...nodeFlags, ...nodeArgs, bundle], {
    env: { ...process.env, ...env, PRISM_HOST: '127.0.0.1', PRISM_PORT: String(port), PRISM_OTLP_GRPC_PORT: String(grpcPort) },
    // The server's JSON log (stdout) is not needed; the banner comes on stderr.
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  const apiKey = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no dev-tenant banner after ${timeoutMs} ms; server said:\n${stderr}`)), timeoutMs);
    child.stderr?.on('data', (chunk: string) => {
      stderr += chunk;
      const key = apiKeyFromBanner(stderr);
      if (key !== undefined && stderr.includes('Send a span')) {
        clearTimeout(timer);
        resolve(key);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with code ${code} before it was ready:\n${stderr}`));
    });
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    grpcTarget: `127.0.0.1:${grpcPort}`,
    apiKey,
    cpuMs: () => processCpuMs(child.pid),
    stop: () => stopChild(child),
  };
}

/** utime + stime of a process from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 10 ms). */
function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}
