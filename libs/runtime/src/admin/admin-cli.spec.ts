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

  it('lists, rotates and revokes keys, and disables a tenant', async () => {
    const created = await cli('tenant', 'create', 'rotor');
    const firstKey = created.stdout.trim().split('\n').at(-1) ?? '';
    const second = await cli('key', 'create', 'rotor', '--label', 'replacement');
    const secondKey = second.stdout.trim().split('\n').at(-1) ?? '';
    const listed = await cli('key', 'list', 'rotor');
    expect(listed.code).toBe(0);
    expect(listed.stdout.split('\n')[0]).toMatch(/^ID +LABEL +PREFIX +CREATED +REVOKED$/);
    expect(listed.stdout).toContain('replacement');
    const firstId = (await catalog.apiKeys.resolve(firstKey))?.keyId ?? '';

    // Rotation: the old key keeps working during the overlap, and the list shows when it stops.
    const scheduled = await cli('key', 'revoke', 'rotor', firstId, '--after', '24h');
    expect(scheduled).toMatchObject({ code: 0, stdout: `Key ${firstId} of "rotor" stops working in 24h (servers cache keys for up to 30 s).\n` });
    expect(await catalog.apiKeys.resolve(firstKey)).toMatchObject({ tenantId: 'rotor' });
    expect((await cli('key', 'list', 'rotor')).stdout).toMatch(new RegExp(`${firstId} .* \\d{4}-\\d\\d-\\d\\dT`));

    // Now: it stops; revoking it again, or a key that is not the tenant's, says so.
    expect((await cli('key', 'revoke', 'rotor', firstId)).code).toBe(0);
    expect(await catalog.apiKeys.resolve(firstKey)).toBeUndefined();
    expect(await cli('key', 'revoke', 'rotor', firstId)).toMatchObject({
      code: 1,
      stderr: `prism: tenant "rotor" has no live key ${firstId} (see "key list")\n`,
    });
    expect((await cli('key', 'revoke', 'acme', (await catalog.apiKeys.resolve(secondKey))?.keyId ?? '')).code).toBe(1);
    expect(await catalog.apiKeys.resolve(secondKey)).toMatchObject({ tenantId: 'rotor' });

    // Disabling the tenant stops its remaining key; its listing still works for the operator.
    expect((await cli('tenant', 'disable', 'rotor')).code).toBe(0);
    expect(await catalog.apiKeys.resolve(secondKey)).toBeUndefined();
    expect((await cli('tenant', 'list')).stdout).toContain('rotor (disabled)\n');
    expect(await cli('tenant', 'disable', 'nobody')).toMatchObject({ code: 1 });
    expect(await cli('key', 'list', 'nobody')).toMatchObject({ code: 1 });
  });

  it('refuses key revoke without a key id, a bad --after, and --after on other commands', async () => {
    expect((await cli('key', 'revoke', 'rotor')).code).toBe(2);
    const bad = await cli('key', 'revoke', 'rotor', 'some-id', '--after', 'tomorrow');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--after "tomorrow" is not a duration such as 90s, 15m, 24h or 7d');
    expect((await cli('key', 'create', 'rotor', '--after', '1h')).code).toBe(2);
    expect(bad.opened).toBe(0);
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

describe('prism CLI: shards and tenant placement', () => {
  it('adds shards, places a tenant on its home region’s shard at creation, and drains', async () => {
    expect(await cli('shards', 'list')).toMatchObject({ code: 0, stdout: 'No shards.\n' });
    expect((await cli('shards', 'add', '--id', '1', '--region', 'local')).code).toBe(0);

    const refused = await cli('tenant', 'create', 'eu-early', '--region', 'eu-west-1');
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('no active shard in region "eu-west-1"') });
    expect(await catalog.tenants.get('eu-early')).toBeUndefined();

    const added = await cli(
      'shards',
      'add',
      '--id',
      '7',
      '--region',
      'eu-west-1',
      '--weight',
      '2',
      '--ingest-url',
      'http://127.0.0.1:9001',
      '--query-url',
      'http://127.0.0.1:9002',
    );
    expect(added).toMatchObject({ code: 0, stdout: 'Added shard 7 in region "eu-west-1" (weight 2).\n' });
    expect((await cli('shards', 'add', '--id', '7', '--region', 'eu-west-1')).stderr).toBe('prism: shard 7 already exists\n');

    const created = await cli('tenant', 'create', 'eu-co', '--region', 'eu-west-1', '--residency', 'strict');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('Created tenant "eu-co" on shard 7.');
    expect(await catalog.shards.placementOf('eu-co')).toMatchObject({ homeRegion: 'eu-west-1', shardId: 7, residency: 'strict' });
    expect(await catalog.apiKeys.resolve(created.stdout.trim().split('\n').at(-1) ?? '')).toMatchObject({ tenantId: 'eu-co' });

    expect(await cli('shards', 'drain', '7')).toMatchObject({ code: 0 });
    expect((await cli('tenant', 'create', 'eu-late', '--region', 'eu-west-1')).code).toBe(1);
    expect((await catalog.shards.placementOf('eu-co'))?.shardId).toBe(7);

    const listed = (await cli('shards', 'list')).stdout.split('\n');
    expect(listed[0]?.split(/\s+/)).toEqual(['ID', 'REGION', 'WEIGHT', 'STATE', 'TENANTS', 'INGEST', 'QUERY', 'LAMBDA']);
    expect(listed.find((line) => line.startsWith('7 '))?.split(/\s+/)).toEqual([
      '7',
      'eu-west-1',
      '2',
      'draining',
      '1',
      'http://127.0.0.1:9001',
      'http://127.0.0.1:9002',
      '-',
    ]);
    expect((await cli('shards', 'drain', '99')).stderr).toBe('prism: unknown shard 99\n');
    expect((await cli('tenant', 'create', 'odd', '--residency', 'anywhere')).stderr).toContain('residency');
  });

  it('answers bad shard command lines with exit 2 without opening the catalog', async () => {
    for (const argv of [
      ['shards', 'add', '--region', 'eu'],
      ['shards', 'add', '--id', 'x', '--region', 'eu'],
      ['shards', 'add', '--id', '3'],
      ['shards', 'add', '--id', '3', '--region', 'eu', '--weight', '0'],
      ['shards', 'drain'],
      ['shards', 'drain', 'seven'],
      ['shards', 'list', '--region', 'eu'],
      ['tenant', 'create', 'x', '--label', 'y'],
    ]) {
      const result = await cli(...argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.opened).toBe(0);
    }
  });
});
