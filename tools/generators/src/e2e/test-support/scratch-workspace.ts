import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** The outcome of one command run in a scratch workspace. */
export interface CommandResult {
  status: number | null;
  /** stdout and stderr together, for assertions and failure messages. */
  output: string;
}

/** A throwaway copy of the workspace under the OS temp dir, sharing node_modules by symlink. */
export interface ScratchWorkspace {
  root: string;
  run(command: string, args: readonly string[]): CommandResult;
  remove(): void;
}

/** The root of the git checkout holding `from`. */
export function workspaceRootOf(from: string): string {
  return git(from, ['rev-parse', '--show-toplevel']).trim();
}

/**
 * Copies the working tree as it is now: tracked files and untracked files that are not ignored
 * (so uncommitted work is part of the test), skipping tracked files deleted on disk.
 */
export function createScratchWorkspace(sourceRoot: string): ScratchWorkspace {
  const root = mkdtempSync(path.join(tmpdir(), 'prism-generator-e2e-'));
  const files = git(sourceRoot, ['ls-files', '--cached', '--others', '--exclude-standard', '-z']).split('\0').filter(Boolean);
  for (const file of new Set(files)) {
    const source = path.join(sourceRoot, file);
    if (!existsSync(source) || !statSync(source).isFile()) continue;
    const target = path.join(root, file);
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(source, target);
  }
  symlinkSync(path.join(sourceRoot, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  return {
    root,
    run: (command, args) => runIn(root, command, args),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

function runIn(cwd: string, command: string, args: readonly string[]): CommandResult {
  // Drop the Nx variables of any surrounding Nx run, so the scratch workspace is its own.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('NX_')));
  const result = spawnSync(command, args, {
    cwd,
    env: { ...env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', CI: 'true', FORCE_COLOR: '0' },
    encoding: 'utf-8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

function git(cwd: string, args: readonly string[]): string {
  const result = spawnSync('git', args, { cwd, encoding: 'utf-8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}
