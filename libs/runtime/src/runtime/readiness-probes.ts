import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import type { PrismConfig, ReadinessCheck } from '@prism/server';
import type { PrismRuntime } from './prism-runtime';

/** Key `/readyz` asks an S3 object store about: it need not exist, a 404 is an answer. */
export const READINESS_PROBE_KEY = 'prism-readiness-probe';

/**
 * The `/readyz` checks of every server app: the catalog answers a query, and the object store
 * answers (S3: a HEAD request; a directory store: its directory exists and is readable and
 * writable). Each is one cheap round trip; `/readyz` bounds each by `PRISM_READINESS_TIMEOUT_MS`.
 * While the runtime is still opening both wait for it, so a process whose catalog never opens
 * answers 503 naming it.
 */
export function readinessChecksOf(config: PrismConfig, runtime: Promise<PrismRuntime>): ReadinessCheck[] {
  return [
    { name: 'catalog', check: async () => (await runtime).catalogReachable() },
    { name: 'object-store', check: config.s3Bucket === undefined ? () => directoryUsable(config.objectsDir) : async () => s3Answers(await runtime) },
  ];
}

async function directoryUsable(dir: string): Promise<boolean> {
  if (!(await stat(dir)).isDirectory()) return false;
  await access(dir, constants.R_OK | constants.W_OK | constants.X_OK);
  return true;
}

async function s3Answers(runtime: PrismRuntime): Promise<boolean> {
  await runtime.resources.objects.head(READINESS_PROBE_KEY);
  return true;
}
