import { createRouter, loadConfig, type PrismConfig, type Route } from '@prism/server';
import { createTenantWithKey } from '../admin/tenant-admin';
import { openPrismRuntime } from '../runtime/prism-runtime';
import { ingestService } from '../services/ingest-service';
import { catalogSeedEnv, silentLogger } from './runtime-fixture';

/** Configuration for a data directory at `dataDir` (quiet logs); `env` adds variables. */
export function dataDirConfig(dataDir: string, env: Record<string, string> = {}): PrismConfig {
  const loaded = loadConfig({ PRISM_DATA_DIR: dataDir, PRISM_LOG_LEVEL: 'error', ...catalogSeedEnv(), ...env });
  if (!loaded.ok) throw loaded.error;
  return loaded.config;
}

/** Dispatches a JSON POST to `routes` in this process, as the server would. */
export function postInProcess(routes: readonly Route[], path: string, body: string, headers: Record<string, string> = {}) {
  return createRouter([...routes]).dispatch(
    { method: 'POST', path, query: new URLSearchParams(), headers: { 'content-type': 'application/json', ...headers }, body: new TextEncoder().encode(body) },
    { logger: silentLogger, requestId: 'test' },
  );
}

/** Two `checkout` / `pay` spans of one trace, 1 ms long, starting at `startNs`, as an OTLP/JSON traces request. */
export function twoCheckoutPaySpans(startNs: bigint): string {
  const span = (spanId: string) => ({
    traceId: '5b8efff798038103d269b633813fc60c',
    spanId,
    name: 'pay',
    kind: 2,
    startTimeUnixNano: String(startNs),
    endTimeUnixNano: String(startNs + 1_000_000n),
  });
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] },
        scopeSpans: [{ spans: [span('eee19b7ec3c1b174'), span('eee19b7ec3c1b175')] }],
      },
    ],
  });
}

/**
 * Creates `tenant` in the data directory and ingests the OTLP/JSON `body` through the runtime's
 * ingest service, then closes it (releasing its segment leases, so a sealer may freeze them at once).
 */
export async function ingestIntoDataDir(dataDir: string, tenant: string, body: string): Promise<{ apiKey: string; status: number }> {
  const ingest = await openPrismRuntime(dataDirConfig(dataDir), silentLogger, [ingestService()]);
  try {
    const apiKey = (await createTenantWithKey(ingest.resources.catalog, tenant)).key;
    const reply = await postInProcess(ingest.routes, '/v1/traces', body, { 'x-api-key': apiKey });
    return { apiKey, status: reply.status };
  } finally {
    await ingest.close();
  }
}
