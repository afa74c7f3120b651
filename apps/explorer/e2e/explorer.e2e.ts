import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bundleAppTarget, httpGet, httpPostJson, workspaceRoot } from '@prism/runtime/testing';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  BIG_TRACE_ID,
  BIG_TRACE_SPANS,
  CHECKOUT_SPAN_NAMES,
  CHECKOUT_TRACE_ID,
  DECLINED_LOG,
  bigTrace,
  checkoutTrace,
  logsRequest,
  bulkLogsRequest,
  BULK_LOG_LINES,
  metricsRequest,
} from './seed-data';

// Debian's Chromium, driven by playwright-core: no browser download. `.ci/run` installs it when missing.
const CHROMIUM = process.env['PRISM_E2E_CHROMIUM'] ?? '/usr/bin/chromium';
const explorerDir = join(workspaceRoot, 'dist', 'apps', 'explorer');
// Screenshots are kept for a human to look at after the run (gitignored, under dist/).
const screenshotDir = join(workspaceRoot, 'dist', 'e2e', 'explorer');
const outDir = mkdtempSync(join(tmpdir(), 'prism-explorer-e2e-'));

// One server for the whole file (the views share its data), so it is spawned here rather than
// through spawnNode, whose clean-up belongs to a single test.
let server: ChildProcess;
let stdout = '';
let stderr = '';
let url = '';
let apiKey = '';
let browser: Browser;
let page: Page;

const shot = (name: string) => page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });

async function ingest(path: string, body: string): Promise<void> {
  const reply = await httpPostJson(`${url}${path}`, body, { 'x-api-key': apiKey });
  expect(reply.status, `${path}: ${await reply.clone().text()}`).toBe(200);
  const answer = (await reply.json()) as { partialSuccess?: { rejectedSpans?: string; rejectedLogRecords?: string; rejectedDataPoints?: string } };
  expect(answer.partialSuccess ?? {}).not.toHaveProperty('errorMessage');
}

/** A GET whose path goes out exactly as written (no URL normalisation). */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((done, fail) => {
    const outgoing = httpRequest({ host: hostname, port, path, method: 'GET', headers: { connection: 'close' } }, (incoming) => {
      let body = '';
      incoming.on('data', (chunk: Buffer) => (body += chunk.toString()));
      incoming.on('end', () => done({ status: incoming.statusCode ?? 0, body }));
    });
    outgoing.on('error', fail);
    outgoing.end();
  });
}

beforeAll(async () => {
  expect(existsSync(join(explorerDir, 'index.html')), 'run `npx nx run explorer:build` first (the e2e target depends on it)').toBe(true);
  mkdirSync(screenshotDir, { recursive: true });
  const script = await bundleAppTarget({ appDir: resolve(workspaceRoot, 'apps/prism'), targetName: 'build-main', outDir });
  server = spawn(process.execPath, [script], {
    cwd: outDir,
    env: {
      PATH: process.env['PATH'] ?? '',
      // Packages the bundle leaves external resolve from the workspace, as they do under dist/.
      NODE_PATH: join(workspaceRoot, 'node_modules'),
      ...(process.env['PRISM_CATALOG_SEED'] === undefined ? {} : { PRISM_CATALOG_SEED: process.env['PRISM_CATALOG_SEED'] }),
      PRISM_PORT: '0',
      PRISM_DATA_DIR: join(outDir, 'data'),
      PRISM_EXPLORER_DIR: explorerDir,
      PRISM_INGEST_THREADS: '0',
      PRISM_SEAL_INTERVAL_MS: '0',
      PRISM_PARQUETIZE_INTERVAL_MS: '0',
      PRISM_RETENTION_INTERVAL_MS: '0',
    },
  });
  server.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  server.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  url = await vi.waitFor(
    () => {
      const listening = /"msg":"listening"[^\n]*"url":"([^"]+)"/.exec(stdout)?.[1];
      if (listening === undefined) throw new Error(`the server is not listening yet; stderr: ${stderr}`);
      return listening;
    },
    { timeout: 45_000, interval: 100 },
  );
  // The dev tenant's key, printed once on first start.
  apiKey = await vi.waitFor(
    () => {
      const key = /\n {2}(prism_\S+)\n/.exec(stderr)?.[1];
      if (key === undefined || !stderr.includes('Send a span:')) throw new Error(`no dev tenant banner yet; stderr: ${stderr}`);
      return key;
    },
    { timeout: 45_000, interval: 100 },
  );
  expect(apiKey).not.toBe('');

  const now = Date.now();
  await ingest('/v1/traces', checkoutTrace(now));
  await ingest('/v1/traces', bigTrace(now));
  await ingest('/v1/logs', logsRequest(now));
  await ingest('/v1/logs', bulkLogsRequest(now));
  await ingest('/v1/metrics', metricsRequest(now));

  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  if (server !== undefined && server.exitCode === null) {
    const exited = new Promise((done) => server.once('close', done));
    server.kill('SIGTERM');
    await exited;
  }
  rmSync(outDir, { recursive: true, force: true });
});

describe('the explorer served by the all-in-one server', () => {
  it('serves the built files with their content types and cache rules, falls back to index.html, and refuses ..', async () => {
    const index = await httpGet(`${url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1] ?? '';
    const script = await httpGet(`${url}${asset}`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await (await httpGet(`${url}/traces/${CHECKOUT_TRACE_ID}`)).text()).toBe(html);
    expect((await httpGet(`${url}/api/v2/nothing-here`)).status).toBe(404);
    // Sent byte for byte: fetch would resolve `..` and `%2e%2e` itself before the server saw them.
    for (const path of [
      '/../../etc/passwd',
      '/assets/../../package.json',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/assets/%2E%2E%2Findex.html',
      '/..%2f..%2fetc%2fpasswd',
    ]) {
      const reply = await rawGet(path);
      expect(reply.status, path).toBe(400);
      expect(reply.body, path).not.toContain('root:');
    }
  });

  it('refuses a wrong key with a clear message, then signs in and keeps the key out of the URL', async () => {
    await page.goto(`${url}/`);
    await page.getByLabel('API key').fill('prism_not_a_real_key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('The API key was not accepted (401)');
    await shot('01-wrong-key');

    await page.getByLabel('API key').fill(apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await page.evaluate('sessionStorage.getItem("prism.apiKey")')).toBe(apiKey);
    expect(await page.evaluate('localStorage.length')).toBe(0);
    expect(page.url()).not.toContain(apiKey);
  });

  it('finds the seeded trace by service, plots it, and opens its waterfall with the critical path', async () => {
    await page.locator('select[name=service] option', { hasText: 'frontend' }).waitFor({ state: 'attached' });
    await page.locator('select[name=service]').selectOption('frontend');
    // Zipkin's duration bounds apply to a span of the service: frontend's spans last 10 and 120 ms,
    // so a 5 ms ceiling excludes the trace and a 100 ms floor finds it.
    await page.locator('input[name=maxDuration]').fill('5');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('No traces match.').waitFor();
    await page.locator('input[name=maxDuration]').fill('');
    await page.locator('input[name=minDuration]').fill('100');
    await page.getByRole('button', { name: 'Search' }).click();
    const link = page.locator(`a[data-trace-id="${CHECKOUT_TRACE_ID}"]`);
    await link.waitFor();
    expect(await link.textContent()).toBe('frontend: GET /checkout');
    expect(await page.locator('[data-testid=duration-scatter] canvas').count()).toBeGreaterThan(0);
    await shot('02-trace-search');

    // A custom window: an hour that ended before the data finds nothing, the last hour finds the trace.
    const localTimes = await page.evaluate(() => {
      const local = (ms: number) => new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
      const now = Date.now();
      return { longAgo: local(now - 3 * 3_600_000), beforeData: local(now - 2 * 3_600_000), lastHour: local(now - 3_600_000), soon: local(now + 60_000) };
    });
    await page.locator('select[name=lookback]').selectOption({ label: 'Custom…' });
    await page.locator('input[name=from]').fill(localTimes.longAgo);
    await page.locator('input[name=to]').fill(localTimes.beforeData);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('No traces match.').waitFor();
    await page.locator('input[name=from]').fill(localTimes.lastHour);
    await page.locator('input[name=to]').fill(localTimes.soon);
    await page.getByRole('button', { name: 'Search' }).click();
    await link.waitFor();
    await page.locator('input[name=to]').fill(localTimes.longAgo);
    await page.getByRole('button', { name: 'Search' }).click();
    expect(await page.getByRole('alert').textContent()).toBe('"To" must be after "From"');

    await link.click();
    await page.locator('[data-testid=waterfall] [role=listitem]').first().waitFor();
    expect(page.url()).toBe(`${url}/traces/${CHECKOUT_TRACE_ID}`);
    const names = await page.locator('[data-testid=waterfall] .span-name').allTextContents();
    expect(names).toEqual(['GET /checkout', 'cart.reserve', 'SELECT cart_items', 'render receipt', 'payment.charge']);
    expect(new Set(names)).toEqual(new Set(CHECKOUT_SPAN_NAMES));
    const critical = await page.locator('[data-testid=waterfall] [data-critical=true] .span-name').allTextContents();
    expect(critical).toEqual(['GET /checkout', 'cart.reserve', 'SELECT cart_items', 'payment.charge']);

    await page.locator('[data-testid=waterfall] .span-row', { hasText: 'payment.charge' }).click();
    const details = page.locator('[data-testid=span-details]');
    await details.getByText('acme-pay').waitFor();
    expect(await details.textContent()).toContain('payment.provider');
    expect(await details.textContent()).toContain('resource.deployment.environment');
    expect(await details.textContent()).toContain('card declined');
    expect(await details.textContent()).toContain(BIG_TRACE_ID);
    await shot('03-trace-view');
  });

  it('links from the trace to its logs, and from a log line back to the trace', async () => {
    await page.getByRole('link', { name: 'Logs of this trace' }).click();
    await page.locator('[data-testid=log-results]').waitFor();
    expect(await page.locator('select[name=severity]').count()).toBe(1);
    const bodies = await page.locator('[data-testid=log-results] .log-body').allTextContents();
    expect(bodies.sort()).toEqual(['charging card for order 42', DECLINED_LOG]);
    await shot('04-logs-of-trace');

    // Filter by severity and text without the trace id: the seeded error line is found by itself.
    await page.locator('input[name=traceId]').fill('');
    await page.locator('select[name=severity]').selectOption('ERROR');
    await page.locator('input[name=text]').fill('declined');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('[data-testid=log-results] .log-body').allTextContents()).toEqual([DECLINED_LOG]);
    await page.locator('[data-testid=log-results] a').click();
    await page.locator('[data-testid=waterfall] [role=listitem]').first().waitFor();
    expect(page.url()).toBe(`${url}/traces/${CHECKOUT_TRACE_ID}`);
  });

  it('keeps a long log list virtualised: a bounded number of rows in the DOM, and scrolling reaches the last line', async () => {
    await page.getByRole('link', { name: 'Logs' }).first().click();
    await page.locator('input[name=traceId]').fill('');
    await page.locator('select[name=severity]').selectOption('');
    await page.locator('input[name=text]').fill('');
    await page.locator('input[name=service]').fill('bulk');
    await page.getByRole('button', { name: 'Search' }).click();
    const list = page.locator('[data-testid=log-results]');
    await expect.poll(() => list.getAttribute('data-row-count')).toBe('200');
    const rows = list.locator('.results-body [role=row]');
    expect(await rows.count()).toBeGreaterThan(5);
    expect(await rows.count()).toBeLessThan(60);
    await page.locator('[data-testid=log-results-scroller]').evaluate((element) => element.scrollTo(0, element.scrollHeight));
    await expect.poll(() => list.locator('[data-row-index="199"]').count()).toBe(1);
    expect(await rows.count()).toBeLessThan(60);
  });

  it('renders a 10k-span trace with a bounded number of rows and scrolls to the last span', async () => {
    await page.goto(`${url}/traces/${BIG_TRACE_ID}`);
    await expect.poll(() => page.locator('[data-testid=trace-summary]').textContent(), { timeout: 30_000 }).toContain(`${BIG_TRACE_SPANS} spans`);
    const rows = page.locator('[data-testid=waterfall] [role=listitem]');
    const before = await rows.count();
    expect(before).toBeGreaterThan(5);
    expect(before).toBeLessThan(120);
    expect(await rows.first().locator('.span-name').textContent()).toBe('nightly batch');

    await page.locator('[data-testid=waterfall]').evaluate((element) => (element.scrollTop = element.scrollHeight));
    await page.locator('[data-testid=waterfall] .span-name', { hasText: 'step-09999' }).waitFor();
    expect(await rows.count()).toBeLessThan(120);
    const last = await page.locator(`[data-testid=waterfall] [data-span-index="${BIG_TRACE_SPANS - 1}"] .span-name`).textContent();
    expect(last).toBe('step-09999');
    await shot('05-big-trace-bottom');
  });

  it('charts a counter as a rate per route and a histogram as percentiles', async () => {
    await page.getByRole('link', { name: 'Metrics' }).click();
    await page.locator('select[name=metric] option', { hasText: 'http.server.requests' }).waitFor({ state: 'attached' });
    await page.locator('select[name=metric]').selectOption('http.server.requests');
    await page.locator('input[name=groupBy]').fill('metric.attr.http.route');
    await page.getByRole('button', { name: 'Chart' }).click();
    const chart = page.locator('[data-testid=metric-chart]');
    await chart.locator('canvas').waitFor();
    const legend = await chart.locator('.u-legend').textContent();
    expect(legend).toContain('/checkout rate');
    expect(legend).toContain('/cart rate');
    expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(0);
    await shot('06-metrics-rate');

    await page.locator('select[name=metric]').selectOption('http.server.duration');
    await page.locator('input[name=groupBy]').fill('');
    await page.getByRole('button', { name: 'Chart' }).click();
    await expect.poll(() => page.locator('[data-testid=metric-chart] .u-legend').textContent()).toContain('p95');
    expect(Number(await page.locator('[data-testid=metric-chart]').getAttribute('data-points'))).toBeGreaterThan(0);
  });

  it('runs a DSL query in the console and shows its rows and explain', async () => {
    await page.getByRole('link', { name: 'DSL console' }).click();
    await page
      .locator('textarea[name=query]')
      .fill(JSON.stringify({ signal: 'logs', timeRange: { last: '1h' }, groupBy: ['severity'], aggregates: [{ fn: 'count' }], orderBy: ['severity'] }));
    await page.getByRole('button', { name: 'Run' }).click();
    const explain = page.locator('[data-testid=console-explain]');
    await explain.waitFor();
    const plan = JSON.parse((await explain.textContent()) ?? '{}') as { signal?: string; segments?: { read?: number } };
    expect(plan.signal).toBe('logs');
    expect(plan.segments?.read).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=console-rows] tbody tr').allTextContents()).toEqual([`DEBUG${BULK_LOG_LINES}`, 'ERROR1', 'INFO1', 'WARN1']);
    await shot('07-console');

    await page.locator('textarea[name=query]').fill('{"signal": "spans", "filters": [{"column": "duration", "op": "like"}]}');
    await page.getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('unknown operator');
  });

  it('draws the service dependency graph', async () => {
    await page.getByRole('link', { name: 'Dependencies' }).click();
    const graph = page.locator('[data-testid=dependency-graph]');
    await graph.waitFor();
    const services = await graph.locator('g.node').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-service')));
    expect(services.sort()).toEqual(['cart', 'db', 'frontend', 'payments']);
    await shot('08-dependencies');
  });
});
