#!/usr/bin/env node
// `npm run bench` lists the benchmarks; `npm run bench -- <name> [--size N] [--seed S] …` bundles
// tools/bench/src/<name>.bench.ts with esbuild (resolving the @prism/* aliases) and runs it with
// node, passing the remaining arguments. Progress goes to stderr; the last stdout line is JSON.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const benches = readdirSync(join(here, 'src'))
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.replace(/\.bench\.ts$/, ''))
  .sort();

const [name, ...args] = process.argv.slice(2);
if (!name || name === '--help') {
  process.stdout.write(`benchmarks: ${benches.join(', ')}\nrun one: npm run bench -- <name> [--size N] [--seed S]\n`);
  process.exit(name ? 0 : 0);
}
if (!benches.includes(name)) {
  process.stderr.write(`unknown benchmark "${name}"; known: ${benches.join(', ')}\n`);
  process.exit(2);
}

const outdir = mkdtempSync(join(tmpdir(), `prism-bench-${name}-`));
try {
  await build({
    entryPoints: [join(here, 'src', `${name}.bench.ts`)],
    outfile: join(outdir, `${name}.cjs`),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    tsconfig: join(root, 'tsconfig.base.json'),
    // Native and wasm-loading packages stay external and load from node_modules.
    packages: 'external',
    logLevel: 'warning',
  });
  const result = spawnSync(process.execPath, ['--expose-gc', join(outdir, `${name}.cjs`), ...args], {
    stdio: 'inherit',
    cwd: root,
    env: { ...process.env, NODE_PATH: join(root, 'node_modules') },
  });
  process.exitCode = result.status ?? 1;
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
