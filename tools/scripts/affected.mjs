#!/usr/bin/env node
// Runs lint, typecheck, test and build for the projects a change touches: `nx affected` against a base.
// Base: $NX_BASE, else origin/main, else HEAD~1; head: $NX_HEAD, else the working tree.
// With no base at all (a first commit), everything runs.
import { execFileSync, spawnSync } from 'node:child_process';

function gitRefExists(ref) {
  try {
    execFileSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const base = process.env.NX_BASE || ['origin/main', 'HEAD~1'].find(gitRefExists);
const targets = ['-t', 'lint', 'typecheck', 'test', 'build', '--outputStyle=static'];
const args = base ? ['affected', ...targets, `--base=${base}`, ...(process.env.NX_HEAD ? [`--head=${process.env.NX_HEAD}`] : [])] : ['run-many', ...targets];
process.stderr.write(`affected: ${base ? `changes since ${base}` : 'no base found, running every project'}\n`);
const result = spawnSync('npx', ['nx', ...args, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
});
process.exit(result.status ?? 1);
