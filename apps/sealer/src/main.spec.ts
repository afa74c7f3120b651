import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundleAppTarget, ingestIntoDataDir, invokeBundledHandler, scheduledEvent, spawnNode, twoCheckoutPaySpans, useTempDir } from '@prism/runtime/testing';
import { beforeAll, describe, expect, it } from 'vitest';

// Ingests spans through the runtime into a temp data dir, then bundles the entry points with the
// esbuild options of project.json and runs them for real on that data.
const appDir = resolve(import.meta.dirname, '..');
const outDir = useTempDir('prism-sealer-app-');
const dataDir = () => join(outDir(), 'data');
// The deployed Lambda's catalog is PostgreSQL; this test's is PGlite, which must load its WASM from node_modules.
const bundle = (targetName: string) => bundleAppTarget({ appDir, targetName, outDir: outDir(), extraExternal: ['@electric-sql/pglite'] });
const run = (args: string[], env: Record<string, string>) => spawnNode(args, { cwd: outDir(), env: { PRISM_DATA_DIR: dataDir(), ...env } });

beforeAll(async () => {
  // Two hours back: the segment's window has ended, so it is due with a grace of 0.
  const seeded = await ingestIntoDataDir(dataDir(), 'acme', twoCheckoutPaySpans(BigInt(Date.now() - 2 * 3_600_000) * 1_000_000n));
  expect(seeded.status).toBe(200);
}, 60_000);

describe('apps/sealer Lambda bundle', () => {
  it('seals the ingested segment on a scheduled event and returns the counts', async () => {
    const lambda = invokeBundledHandler(await bundle('build-handler'), scheduledEvent(), {
      cwd: outDir(),
      env: { PRISM_DATA_DIR: dataDir(), PRISM_LOG_LEVEL: 'error', PRISM_SEAL_GRACE_MS: '0' },
    });
    expect(await lambda.exited).toBe(0);
    expect(JSON.parse(lambda.stderr())).toEqual({ sealed: 1, resumed: 0, busy: 0, notDue: 0, failed: 0 });
    const objects = readdirSync(join(dataDir(), 'objects'), { recursive: true, encoding: 'utf8' });
    expect(objects.some((key) => key.endsWith('_SEALED'))).toBe(true);
  });
});

describe('apps/sealer main bundle', () => {
  it('runs one pass with JSON logs and exits 0 (nothing left to seal), and exits 1 on a bad variable', async () => {
    const script = await bundle('build-main');
    const once = run([script], { PRISM_SEAL_GRACE_MS: '0' });
    expect(await once.exited).toBe(0);
    expect(once.jsonLines()).toContainEqual(expect.objectContaining({ msg: 'lifecycle pass finished', pass: 'seal', sealed: 0, failed: 0 }));
    const bad = run([script], { PRISM_SEAL_GRACE_MS: 'soon' });
    expect(await bad.exited).toBe(1);
    expect(bad.stderr()).toContain('PRISM_SEAL_GRACE_MS');
  });
});
