import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog } from '@prism/catalog';
import { createLogger, startServer, type ServerHandle } from '@prism/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdminCli } from '../admin/admin-cli';
import { catalogAdminClient } from '../admin/admin-client';
import { createTenantWithKey } from '../admin/tenant-admin';
import { openPrismRuntime, type PrismRuntime } from '../runtime/prism-runtime';
import { ingestService } from '../services/ingest-service';
import { lifecycleService } from '../services/lifecycle-service';
import { queryService } from '../services/query-service';
import { otlpTracesJson, tempConfig, zipkinSpansJson, type TestSpan } from '../test-support/runtime-fixture';
import { lifecycleCliDepsOf } from './lifecycle-passes';

// The all-in-one runtime behind a real server: data moves hot → warm → cold by the same passes the
// timers, the CLI and the Lambda apps run, and the HTTP answers stay the same throughout.
const HOUR_MS = 3_600_000;
// Ingest's writers keep a segment's lease until it lapses unused; the sealer freezes a segment only after that.
// Long enough that one commit never outlives its own lease on a loaded machine (1 s lapsed at load 21: 503).
const LEASE_TTL_MS = 2500;
const leasesLapse = () => new Promise((resolve) => setTimeout(resolve, LEASE_TTL_MS + 200));
const NOW_MS = Date.now();
// Two hours back: its segment window and its hour have ended, so sealing (grace 0) and compaction (lateness 0) take it.
const ACME_START = NOW_MS - 2 * HOUR_MS;
const ACME_TRACE = '5b8efff798038103d269b633813fc60c';
const acmeSpans: TestSpan[] = [
  { traceId: ACME_TRACE, spanId: 'eee19b7ec3c1b174', service: 'checkout', name: 'pay', startMs: ACME_START },
  { traceId: ACME_TRACE, spanId: 'eee19b7ec3c1b175', service: 'checkout', name: 'ship', startMs: ACME_START + 1000 },
  { traceId: 'aaf7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', service: 'cart', name: 'add', startMs: ACME_START + 2000 },
];
// Three days back, under a one-day retention policy: what a retention dry run must list.
const globexSpans: TestSpan[] = [
  { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203332', service: 'billing', name: 'invoice', startMs: NOW_MS - 72 * HOUR_MS },
];

let temp: ReturnType<typeof tempConfig>;
let runtime: PrismRuntime;
let server: ServerHandle;
const logLines: Array<Record<string, unknown>> = [];
const keys: Record<string, string> = {};
let webhookUp = false;

beforeAll(async () => {
  temp = tempConfig({
    PRISM_SEAL_GRACE_MS: '0',
    PRISM_PARQUETIZE_LATENESS_MS: '0',
    // Short timers, started only in the last test (startBackgroundWork), like a server after listen.
    PRISM_SEAL_INTERVAL_MS: '50',
    PRISM_PARQUETIZE_INTERVAL_MS: '50',
    PRISM_RETENTION_INTERVAL_MS: '0',
  });
  const logger = createLogger({ level: 'info', write: (line) => void logLines.push(JSON.parse(line) as Record<string, unknown>) });
  runtime = await openPrismRuntime(temp.config, logger, [ingestService(), queryService(), lifecycleService()], {
    eventRetry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    hotLeaseTtlMs: LEASE_TTL_MS,
  });
  server = await startServer(temp.config, logger, runtime.routes);
  for (const tenant of ['acme', 'globex']) keys[tenant] = (await createTenantWithKey(runtime.resources.catalog, tenant)).key;
  await runtime.resources.catalog.retentionPolicies.set({ tenantId: 'globex', dataset: 'spans', days: 1 });
  // A subscriber that is down until the test says otherwise: its events end in the dead-letter store.
  runtime.resources.events.subscribe(
    'webhook',
    async () => {
      if (!webhookUp) throw new Error('connection refused');
    },
    ['segment.sealed'],
  );
}, 60_000);

afterAll(async () => {
  await server?.close();
  await runtime?.close();
  temp?.cleanUp();
});

function request(method: 'GET' | 'POST', path: string, tenant: string, body?: string) {
  return fetch(`${server.address.url}${path}`, { method, headers: { 'content-type': 'application/json', 'x-api-key': keys[tenant] ?? '' }, body });
}

/** The DSL and Zipkin answers compared across tiers. */
async function answers(): Promise<unknown[]> {
  const dsl = async (body: unknown) => {
    const response = await request('POST', '/api/v1/query', 'acme', JSON.stringify(body));
    expect(response.status).toBe(200);
    return response.json();
  };
  const trace = await request('GET', `/api/v2/trace/${ACME_TRACE}`, 'acme');
  expect(trace.status).toBe(200);
  return [
    await dsl({ signal: 'spans', groupBy: ['service', 'operation'], aggregates: [{ fn: 'count' }, { fn: 'sum', column: 'duration' }] }),
    await dsl({
      signal: 'spans',
      filters: [{ column: 'traceId', op: 'eq', value: ACME_TRACE }],
      select: ['*'],
      orderBy: [{ column: 'timestamp', direction: 'asc' }],
    }),
    await trace.json(),
  ];
}

/** Runs `npm run prism -- <argv>` in-process on this runtime's resources. */
async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runAdminCli(
    argv,
    { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } },
    async () => ({ ...catalogAdminClient(runtime.resources.catalog), close: async () => undefined }),
    async () => ({ deps: lifecycleCliDepsOf(runtime.resources), close: async () => undefined }),
  );
  return { code, stdout, stderr };
}

async function statesOf(catalog: Catalog, tenantId: string): Promise<string[]> {
  return (await catalog.forTenant(tenantId).segments.overlapping({ dataset: 'spans', fromNs: 0n, toNs: 2n ** 62n })).map((segment) => segment.state);
}

function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    return [];
  }
}

describe('segment lifecycle in the all-in-one runtime', () => {
  let before: unknown[];

  it('answers the same DSL query and Zipkin trace before sealing, after sealing and after parquetizing', async () => {
    expect((await request('POST', '/v1/traces', 'acme', otlpTracesJson(acmeSpans.slice(0, 2)))).status).toBe(200);
    expect((await request('POST', '/api/v2/spans', 'acme', zipkinSpansJson(acmeSpans.slice(2)))).status).toBe(202);
    expect((await request('POST', '/v1/traces', 'globex', otlpTracesJson(globexSpans))).status).toBe(200);
    before = await answers();
    expect((before[2] as unknown[]).length).toBe(2);
    await leasesLapse();

    const sealed = await cli('seal');
    expect(sealed).toMatchObject({ code: 0 });
    expect(sealed.stdout).toMatch(/^sealed [1-9]\d* \(0 resumed\), busy 0, not due 0, failed 0\n$/);
    expect(sealed.stderr).toMatch(/^seal: \d+ to do\n(seal \d+\/\d+ \S+ sealed\n)+$/);
    expect(new Set(await statesOf(runtime.resources.catalog, 'acme'))).toEqual(new Set(['sealed']));
    expect(filesUnder(temp.config.objectsDir).some((file) => file.endsWith('_SEALED'))).toBe(true);
    expect(await answers()).toEqual(before);

    const compacted = await cli('compact');
    expect(compacted).toMatchObject({ code: 0 });
    expect(compacted.stdout).toMatch(/^compacted [1-9]\d* segments into [1-9]\d* Parquet parts \(\d+ rows, \d+ bytes\), deferred hours 0, failed 0\n$/);
    expect(compacted.stderr).toContain('.parquet');
    expect(new Set(await statesOf(runtime.resources.catalog, 'acme'))).toEqual(new Set(['parquetized']));
    // Hot copies are gone: the answers now come from the Parquet parts in the object store.
    expect(filesUnder(join(temp.config.hotDir, 'tenants', 'acme')).some((file) => file.includes('manifest'))).toBe(false);
    expect(filesUnder(temp.config.objectsDir).some((file) => file.endsWith('.parquet'))).toBe(true);
    expect(await answers()).toEqual(before);
  });

  it('lists on a retention dry run what would go, and deletes nothing', async () => {
    const dryRun = await cli('retain', '--dry-run');
    expect(dryRun.code).toBe(0);
    // The Parquet part of globex's hour is past retention too, listed before the segment.
    expect(dryRun.stdout).toMatch(
      /^would delete shard=\d+\/tenant=globex\/dataset=spans\/dt=\S+\/part-001\.parquet\nwould delete globex\/spans\/\S+ \(parquetized, 1 days\)\n/,
    );
    expect(dryRun.stdout).toContain('dry run: 1 segments and 1 Parquet files would go\n');
    expect(dryRun.stdout).not.toContain('acme');
    expect(await statesOf(runtime.resources.catalog, 'globex')).toEqual(['parquetized']);
  });

  it('dead-letters sealed events a failing handler could not take, lists them, and replays them', async () => {
    const listed = await cli('dlq', 'list');
    expect(listed.code).toBe(0);
    const letters = listed.stdout.split('\n').filter((line) => line.includes('handler=webhook'));
    expect(letters.length).toBeGreaterThan(0);
    expect(letters[0]).toMatch(/ segment\.sealed handler=webhook attempts=2 error="connection refused"$/);
    expect(listed.stdout).not.toContain('handler=lifecycle-log');
    expect(logLines.some((line) => line.msg === 'lifecycle event handler failed' && line.handler === 'webhook')).toBe(true);

    const id = letters[0]?.split(' ')[0] ?? '';
    expect((await cli('dlq', 'replay', id)).code).toBe(1);
    webhookUp = true;
    expect(await cli('dlq', 'replay', id)).toMatchObject({ code: 0, stdout: `replayed ${id}\n` });
    expect((await cli('dlq', 'replay', '--all')).code).toBe(0);
    expect((await cli('dlq', 'list')).stdout).toBe('0 dead letters\n');
  });

  it('runs the passes on timers once started, with progress and results in the JSON log', async () => {
    // A later window of the compacted hour: sealed and compacted by the timers into another part of that hour.
    const late: TestSpan = { traceId: ACME_TRACE, spanId: 'eee19b7ec3c1b179', service: 'checkout', name: 'refund', startMs: ACME_START + 10 * 60_000 };
    expect((await request('POST', '/v1/traces', 'acme', otlpTracesJson([late]))).status).toBe(200);
    expect(await statesOf(runtime.resources.catalog, 'acme')).toContain('open');
    await leasesLapse();
    runtime.startBackgroundWork();
    // The pass logs its counts after it commits: wait for the line, not for the catalog state.
    const compactedOnTimer = () => logLines.some((line) => line.msg === 'lifecycle pass finished' && line.pass === 'compact' && line.parts === 1);
    await expect.poll(compactedOnTimer, { timeout: 20_000, interval: 100 }).toBe(true);
    expect(new Set(await statesOf(runtime.resources.catalog, 'acme'))).toEqual(new Set(['parquetized']));
    const trace = (await (await request('GET', `/api/v2/trace/${ACME_TRACE}`, 'acme')).json()) as Array<{ name: string }>;
    expect(trace.map((span) => span.name).sort()).toEqual(['pay', 'refund', 'ship']);
    expect(logLines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ msg: 'lifecycle pass finished', pass: 'seal', sealed: 1, failed: 0 }),
        expect.objectContaining({ msg: 'lifecycle pass finished', pass: 'compact', parts: 1, failed: 0 }),
        expect.objectContaining({ msg: 'lifecycle progress', pass: 'seal', outcome: 'sealed' }),
        expect.objectContaining({ msg: 'lifecycle event', eventType: 'segment.sealed', tenantId: 'acme' }),
      ]),
    );
  });

  it('accepts late spans for a window already compacted to Parquet and keeps answering them hot and cold', async () => {
    // Same window as 'pay', whose segment is parquetized: the rows go to the window's next generation.
    const late: TestSpan = { traceId: ACME_TRACE, spanId: 'eee19b7ec3c1b17a', service: 'checkout', name: 'late-retry', startMs: ACME_START };
    // Ingest's cached writer for that window lost its lease to the sealer; the hot store reopens the
    // window on its next generation, so the first try is accepted.
    expect((await request('POST', '/v1/traces', 'acme', otlpTracesJson([late]))).status).toBe(200);
    const names = async () =>
      ((await (await request('GET', `/api/v2/trace/${ACME_TRACE}`, 'acme')).json()) as Array<{ name: string }>).map((span) => span.name).sort();
    expect(await names()).toEqual(['late-retry', 'pay', 'refund', 'ship']);
    const segments = await runtime.resources.catalog.forTenant('acme').segments.overlapping({ dataset: 'spans', fromNs: 0n, toNs: 2n ** 62n });
    expect(segments.some((segment) => segment.segmentId.endsWith('~2') && segment.state === 'open')).toBe(true);
    // The timers (started above) seal and compact the new generation into another part of the hour.
    const allCompacted = async () =>
      new Set(await statesOf(runtime.resources.catalog, 'acme')).size === 1 && (await statesOf(runtime.resources.catalog, 'acme'))[0] === 'parquetized';
    await expect.poll(allCompacted, { timeout: 20_000, interval: 100 }).toBe(true);
    await expect
      .poll(
        () => logLines.some((line) => line.msg === 'lifecycle event' && line.eventType === 'segment.parquetized' && String(line.segmentId).endsWith('~2')),
        { timeout: 5_000, interval: 50 },
      )
      .toBe(true);
    expect(await names()).toEqual(['late-retry', 'pay', 'refund', 'ship']);
  });
});
