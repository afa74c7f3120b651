import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logging/json-logger';
import type { HttpResponse } from './http-types';
import { jsonResponse } from './http-types';
import { createRouter } from './router';
import { prismApiPrefixes, staticFileRoutes } from './static-file-routes';

const context = { logger: createLogger({ write: () => undefined }), requestId: 'r1' };
const get = (router: ReturnType<typeof createRouter>, path: string, method = 'GET') =>
  router.dispatch({ method, path, query: new URLSearchParams(), headers: {}, body: new Uint8Array() }, context);
const text = (response: HttpResponse) => Buffer.from(response.body ?? '').toString('utf8');

const parent = mkdtempSync(join(tmpdir(), 'prism-static-'));
const root = join(parent, 'site');
mkdirSync(join(root, 'assets'), { recursive: true });
writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
writeFileSync(join(root, 'assets', 'index-AbC123.js'), 'console.log(1)');
writeFileSync(join(root, 'assets', 'index-AbC123.css'), 'body{}');
writeFileSync(join(root, 'favicon.svg'), '<svg/>');
writeFileSync(join(parent, 'secret.txt'), 'do not serve');
afterAll(() => rmSync(parent, { recursive: true, force: true }));

const routes = staticFileRoutes({ root, apiPrefixes: prismApiPrefixes, missingHint: 'build it' });
const router = createRouter([{ method: 'GET', path: '/api/v2/services', handler: () => jsonResponse(200, ['svc']) }, ...routes]);

describe('staticFileRoutes', () => {
  it('serves index.html at / with no-cache and hashed assets as immutable, with their content types', async () => {
    const index = await get(router, '/');
    expect(index.status).toBe(200);
    expect(index.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
    expect(text(index)).toContain('<title>app</title>');
    const script = await get(router, '/assets/index-AbC123.js');
    expect(script.headers).toMatchObject({ 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=31536000, immutable' });
    expect(text(script)).toBe('console.log(1)');
    expect((await get(router, '/assets/index-AbC123.css')).headers?.['content-type']).toBe('text/css; charset=utf-8');
    expect((await get(router, '/favicon.svg')).headers).toMatchObject({ 'content-type': 'image/svg+xml', 'cache-control': 'no-cache' });
    expect((await get(router, '/', 'HEAD')).status).toBe(200);
  });

  it('falls back to index.html for app paths, but not for missing files or API paths', async () => {
    const page = await get(router, '/traces/5b8efff798038103d269b633813fc60d');
    expect(page.status).toBe(200);
    expect(text(page)).toContain('<title>app</title>');
    expect(page.headers?.['cache-control']).toBe('no-cache');
    expect((await get(router, '/assets/index-gone.js')).status).toBe(404);
    for (const path of ['/api/v2/nope', '/v1/nope', '/admin/v1/x', '/api']) {
      const response = await get(router, path);
      expect(response.status, path).toBe(404);
      expect(response.headers?.['content-type'], path).toContain('application/json');
    }
    expect(JSON.parse(text(await get(router, '/api/v2/services')))).toEqual(['svc']);
    expect((await get(router, '/anything', 'POST')).status).toBe(404);
  });

  it('never leaves the root, whether .. is plain or percent-encoded', async () => {
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/secret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/a%00b',
    ]) {
      const response = await get(router, path);
      expect(response.status, path).toBe(400);
      expect(text(response), path).not.toContain('do not serve');
    }
    expect((await get(router, '/%zz')).status).toBe(400);
  });

  it('says clearly that nothing is built when the directory has no index.html', async () => {
    const missing = createRouter(
      staticFileRoutes({ root: join(parent, 'not-built'), apiPrefixes: prismApiPrefixes, missingHint: 'Run: npx nx run explorer:build' }),
    );
    const response = await get(missing, '/');
    expect(response.status).toBe(404);
    expect(response.headers?.['content-type']).toBe('text/plain; charset=utf-8');
    expect(text(response)).toContain('no index.html in');
    expect(text(response)).toContain('Run: npx nx run explorer:build');
  });
});
