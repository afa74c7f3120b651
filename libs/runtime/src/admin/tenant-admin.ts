import { DEFAULT_REGION, type Catalog } from '@prism/catalog';
import { ShardAssigner, catalogTenantRegistry } from '@prism/ingest';
import { ShardMap } from '@prism/sharding';

/** A tenant created with its first API key; `key` is the plaintext, shown once. */
export interface CreatedTenant {
  tenantId: string;
  key: string;
  /** The shard the tenant was pinned to at creation; absent while no shard is registered at all. */
  shardId?: number;
}

/** Where a new tenant lives: its home region (default `local`) and residency (default `permitted`). */
export interface TenantPlacementOptions {
  homeRegion?: string;
  residency?: string;
}

/** Name of the tenant made on an empty catalog's first start. */
export const DEV_TENANT_ID = 'dev';

/**
 * Creates a tenant, pins it to a shard of its home region, and makes its first API key. A region
 * without an active shard is refused before anything is written (NoActiveShardError). On a
 * catalog with no shard at all (a fresh all-in-one before its first start) the tenant is placed
 * on first sight instead, as ingest does.
 * @example const { key } = await createTenantWithKey(catalog, 'acme', undefined, { homeRegion: 'eu-west-1', residency: 'strict' })
 */
export async function createTenantWithKey(
  catalog: Catalog,
  tenantId: string,
  label = 'created by prism tenant create',
  placement: TenantPlacementOptions = {},
): Promise<CreatedTenant> {
  const shards = await catalogTenantRegistry(catalog).listShards();
  if (shards.length > 0) new ShardMap(shards).proposeOwner(tenantId, placement.homeRegion ?? DEFAULT_REGION);
  await catalog.tenants.create({ tenantId, ...placement });
  const shardId = shards.length > 0 ? await new ShardAssigner(catalog).shardFor(tenantId) : undefined;
  const { key } = await catalog.apiKeys.create(tenantId, label);
  return { tenantId, key, ...(shardId === undefined ? {} : { shardId }) };
}

/** On a catalog without tenants, creates the "dev" tenant and a key; undefined when tenants exist. */
export async function ensureDevTenant(catalog: Catalog): Promise<CreatedTenant | undefined> {
  if ((await catalog.tenants.list()).length > 0) return undefined;
  return createTenantWithKey(catalog, DEV_TENANT_ID, 'dev key, made on first start');
}

/** The first-start banner: the key (shown only this once) and a curl line that sends a span. */
export function devTenantBanner(created: CreatedTenant, baseUrl: string): string {
  const now = BigInt(Date.now()) * 1_000_000n;
  const body = JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'curl' } }] },
        scopeSpans: [
          {
            spans: [
              {
                traceId: '5b8efff798038103d269b633813fc60c',
                spanId: 'eee19b7ec3c1b174',
                name: 'hello prism',
                kind: 1,
                startTimeUnixNano: String(now),
                endTimeUnixNano: String(now + 1_000_000n),
              },
            ],
          },
        ],
      },
    ],
  });
  return [
    '',
    `Prism created tenant "${created.tenantId}" with this API key (shown only now; keep it):`,
    '',
    `  ${created.key}`,
    '',
    'Send a span:',
    '',
    `  curl -sS ${baseUrl}/v1/traces -H 'content-type: application/json' -H 'x-api-key: ${created.key}' \\`,
    `    -d '${body}'`,
    '',
    `Point an OpenTelemetry SDK at it: OTEL_EXPORTER_OTLP_ENDPOINT=${baseUrl} OTEL_EXPORTER_OTLP_HEADERS=x-api-key=${created.key}`,
    `Open the explorer in a browser: ${baseUrl}/ (sign in with this key)`,
    'More tenants: npm run prism -- tenant create <name>',
    '',
  ].join('\n');
}
