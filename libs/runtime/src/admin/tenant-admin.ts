import type { Catalog } from '@prism/catalog';

/** A tenant created with its first API key; `key` is the plaintext, shown once. */
export interface CreatedTenant {
  tenantId: string;
  key: string;
}

/** Name of the tenant made on an empty catalog's first start. */
export const DEV_TENANT_ID = 'dev';

/**
 * Creates a tenant and an API key for it.
 * @example const { key } = await createTenantWithKey(catalog, 'acme')
 */
export async function createTenantWithKey(catalog: Catalog, tenantId: string, label = 'created by prism tenant create'): Promise<CreatedTenant> {
  await catalog.tenants.create({ tenantId });
  const { key } = await catalog.apiKeys.create(tenantId, label);
  return { tenantId, key };
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
