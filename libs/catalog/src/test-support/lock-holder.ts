import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { testCatalogSeed } from '../testing';

/** The global setup's cluster seed, for the holder's own catalog. */
function seedEnv(): Record<string, string> {
  const { seed } = testCatalogSeed();
  return seed === undefined ? {} : { PRISM_CATALOG_SEED: seed };
}

/** Another process holding an embedded catalog's lock (or the whole catalog) open. */
export interface LockHolder {
  readonly pid: number;
  /** Resolves once it holds the lock; rejects with what it printed if it could not. */
  readonly held: Promise<void>;
  /** SIGTERM: it releases and exits; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: it dies holding the lock, as a crashed process does. */
  kill(): Promise<void>;
}

const workspaceRoot = resolve(import.meta.dirname, '../../../..');

/**
 * Bundles `lock-holder-entry.ts` (PGlite left external, as in the apps) into a temporary folder;
 * returns a function that starts holders, and a clean-up for the folder.
 */
export async function lockHolders(): Promise<{ start(mode: 'lock' | 'catalog', dataDir: string, owner?: string): LockHolder; cleanUp(): void }> {
  const outDir = mkdtempSync(join(tmpdir(), 'prism-lock-holder-'));
  const script = join(outDir, 'lock-holder.js');
  await build({
    absWorkingDir: workspaceRoot,
    entryPoints: [join(import.meta.dirname, 'lock-holder-entry.ts')],
    tsconfig: join(import.meta.dirname, '../../tsconfig.json'),
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    bundle: true,
    outfile: script,
    external: ['@electric-sql/pglite'],
    logLevel: 'silent',
  });
  const started: LockHolder[] = [];
  return {
    start: (mode, dataDir, owner = 'lock test holder') => {
      const holder = startHolder(script, mode, dataDir, owner);
      started.push(holder);
      return holder;
    },
    cleanUp: () => {
      for (const holder of started) void holder.kill();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

function startHolder(script: string, mode: string, dataDir: string, owner: string): LockHolder {
  const child = spawn(process.execPath, [script, mode, dataDir, owner], {
    env: { PATH: process.env.PATH ?? '', NODE_PATH: join(workspaceRoot, 'node_modules'), ...seedEnv() },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  let output = '';
  const held = new Promise<void>((done, fail) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('held\n')) done();
      else if (output.includes('\n')) fail(new Error(`lock holder: ${output.trim()}`));
    });
    void exited.then((code) => fail(new Error(`lock holder exited with ${code}: ${output.trim()}`)));
  });
  held.catch(() => undefined);
  return {
    pid: child.pid as number,
    held,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** The pid of a process that has exited: a lock naming it is stale. */
export function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid as number;
}
