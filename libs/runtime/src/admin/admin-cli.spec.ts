import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '@prism/catalog';
import { openTestCatalog } from '@prism/catalog/testing';
import { CLI_USAGE, runAdminCli } from './admin-cli';
import { catalogAdminClient } from './admin-client';
import { devTenantBanner, ensureDevTenant } from './tenant-admin';

let catalog: Catalog;
beforeAll(async () => {
  catalog = await openTestCatalog();
});
afterAll(async () => {
  await catalog.close();
});

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  let opened = 0;
  // The CLI closes what it opens; hand it a client whose close leaves the shared catalog open.
  const open = async () => {
    opened++;
    return { ...catalogAdminClient(catalog), close: async () => undefined };
  };
  const code = await runAdminCli(argv, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } }, open);
  return { code, stdout, stderr, opened };
}

describe('first start', () => {
  it('creates the dev tenant with a working key once, and prints it with a curl line', async () => {
    const created = await ensureDevTenant(catalog);
    expect(created?.tenantId).toBe('dev');
    expect(await catalog.apiKeys.resolve(created?.key ?? '')).toMatchObject({ tenantId: 'dev' });
    expect(await ensureDevTenant(catalog)).toBeUndefined();
    const banner = devTenantBanner(created ?? { tenantId: '', key: '' }, 'http://127.0.0.1:4318');
    expect(banner).toContain(created?.key);
    expect(banner).toContain("curl -sS http://127.0.0.1:4318/v1/traces -H 'content-type: application/json'");
    expect(banner).toContain('Open the explorer in a browser: http://127.0.0.1:4318/');
  });
});

describe('prism CLI', () => {
  it('creates a tenant and prints a key that resolves to it', async () => {
    const result = await cli('tenant', 'create', 'acme');
    expect(result.code).toBe(0);
    const key = result.stdout.trim().split('\n').at(-1) ?? '';
    expect(await catalog.apiKeys.resolve(key)).toMatchObject({ tenantId: 'acme' });
  });

  it('lists tenants and creates more keys', async () => {
    expect((await cli('tenant', 'list')).stdout).toContain('acme\n');
    const key = await cli('key', 'create', 'acme', '--label', 'ci');
    expect(key.code).toBe(0);
    expect(await catalog.apiKeys.resolve(key.stdout.trim().split('\n').at(-1) ?? '')).toMatchObject({ tenantId: 'acme' });
  });

  it('fails with exit 1 and a plain message for a taken name or an unknown tenant', async () => {
    expect(await cli('tenant', 'create', 'acme')).toMatchObject({ code: 1, stderr: 'prism: tenant "acme" already exists\n' });
    expect((await cli('key', 'create', 'nobody')).code).toBe(1);
    expect((await cli('tenant', 'create', 'Bad Name')).stderr).toContain('tenantId');
  });

  it('answers usage errors with exit 2 without opening the catalog', async () => {
    for (const argv of [[], ['tenant'], ['tenant', 'create'], ['tenant', 'delete', 'x'], ['tenant', 'list', 'extra'], ['--nope']]) {
      const result = await cli(...argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.opened).toBe(0);
    }
    expect(await cli('--help')).toMatchObject({ code: 0, stdout: CLI_USAGE });
  });
});
