// `npm test`: the workspace-wide checks (formatting, the TypeScript programs, one ESLint run) run
// beside `nx run-many -t test build e2e` (e2e: the explorer in headless Chromium) rather than
// before it: the checks are mostly single-threaded, so on a two-core machine they fill a core the tests would otherwise leave idle at the start.
// Their output is printed as one block when they end; the exit code is non-zero if either failed.
import { spawn } from 'node:child_process';

const checks = [
  ['prettier', ['--check', '.', '--log-level', 'warn']],
  ['tsc', ['-p', 'tsconfig.typecheck.json']],
  // The browser explorer is its own program (DOM types, JSX), kept apart so DOM globals never leak into Node code.
  ['tsc', ['-p', 'apps/explorer/tsconfig.json']],
  ['eslint', ['.']],
];

function run(command, args, { buffered }) {
  return new Promise((resolve) => {
    const child = spawn('npx', ['--no-install', command, ...args], { stdio: buffered ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    if (buffered) {
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
    }
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

async function runChecks() {
  for (const [command, args] of checks) {
    const started = Date.now();
    const { code, output } = await run(command, args, { buffered: true });
    const took = ((Date.now() - started) / 1000).toFixed(0);
    process.stdout.write(`\n> ${command} ${args.join(' ')} (${took} s): ${code === 0 ? 'ok' : `FAILED (exit ${code})`}\n${output}`);
    if (code !== 0) return code;
  }
  return 0;
}

const [checksCode, tests] = await Promise.all([
  runChecks(),
  run('nx', ['run-many', '-t', 'test', 'build', 'e2e', '--outputStyle=static'], { buffered: false }),
]);
if (checksCode !== 0) process.stdout.write('\nnpm test: the workspace checks failed (see above)\n');
process.exit(checksCode !== 0 ? checksCode : tests.code);
