import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { workspaceRoot } from './app-bundle';
import { catalogSeedEnv } from './runtime-fixture';

/** A spawned node process with its output collected. */
export interface NodeProcess {
  readonly child: ChildProcess;
  /** The exit code, once the process has closed its output. */
  readonly exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
  /** Every complete stdout line parsed as JSON (a line that is not JSON fails the test). */
  jsonLines(): Array<Record<string, unknown>>;
  /** Sends SIGTERM and resolves with the exit code. */
  terminate(): Promise<number | null>;
}

/**
 * Runs `node <args>` in `cwd` with only PATH, NODE_PATH, the catalog seed and `env`; killed when the test finishes.
 * NODE_PATH points at the workspace so packages marked external resolve as they do under dist/.
 */
export function spawnNode(args: readonly string[], options: { cwd: string; env: Record<string, string> }): NodeProcess {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', NODE_PATH: join(workspaceRoot, 'node_modules'), ...catalogSeedEnv(), ...options.env },
  });
  let stdout = '';
  let stderr = '';
  let closed = false;
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) =>
    child.on('close', (code) => {
      closed = true;
      done(code);
    }),
  );
  onTestFinished(() => {
    child.kill('SIGKILL');
  });
  const jsonLines = () => {
    const lines = stdout.split('\n');
    // The last piece is a line still being written, unless the process is done.
    const complete = closed ? lines : lines.slice(0, -1);
    return complete.filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
  };
  const terminate = () => {
    child.kill('SIGTERM');
    return exited;
  };
  return { child, exited, stdout: () => stdout, stderr: () => stderr, jsonLines, terminate };
}
