import { InvalidCatalogInputError } from './errors';
import type { ShardState, TenantMigrationState, TenantResidency } from './schema';

/** The values the shard map and tenant registry accept, checked before SQL sees them. */
export const SHARD_STATE_VALUES: readonly ShardState[] = ['active', 'draining'];
export const TENANT_RESIDENCY_VALUES: readonly TenantResidency[] = ['strict', 'permitted', 'deferred'];
export const TENANT_MIGRATION_STATE_VALUES: readonly TenantMigrationState[] = ['stable', 'migrating'];

/** The region every shard and tenant had before regions existed, and the default of both. */
export const DEFAULT_REGION = 'local';

// Region names end up in hostnames, Lambda aliases and bucket prefixes: keep them DNS-label-safe.
const REGION = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function checkRegion(region: string, field = 'region'): string {
  if (!REGION.test(region)) throw new InvalidCatalogInputError(field, `"${region}" must match ${REGION.source}`);
  return region;
}

export function checkResidency(residency: string): TenantResidency {
  if (!(TENANT_RESIDENCY_VALUES as readonly string[]).includes(residency)) {
    throw new InvalidCatalogInputError('residency', `"${residency}" is not one of ${TENANT_RESIDENCY_VALUES.join(', ')}`);
  }
  return residency as TenantResidency;
}

export function checkWeight(weight: number): number {
  if (!(weight > 0) || !Number.isFinite(weight)) throw new InvalidCatalogInputError('weight', `expected a positive number, got ${weight}`);
  return weight;
}

/** An http(s) base URL, stored without a trailing slash so paths append cleanly. */
export function checkBaseUrl(value: string, field: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidCatalogInputError(field, `"${value}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidCatalogInputError(field, `"${value}" is not an http(s) URL`);
  if (url.search !== '' || url.hash !== '') throw new InvalidCatalogInputError(field, `"${value}" must be a base URL without query or fragment`);
  return url.href.replace(/\/+$/, '');
}
