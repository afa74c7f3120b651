import { InvalidCatalogInputError } from './errors';

// Tenant ids become directory and partition names (`tenants/<tenant>/…`), so keep them path-safe.
const TENANT_ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** Checks a tenant id before it reaches SQL or a path; throws InvalidCatalogInputError when bad. */
export function checkTenantId(tenantId: string): string {
  if (!TENANT_ID.test(tenantId)) {
    throw new InvalidCatalogInputError('tenantId', `"${tenantId}" must match ${TENANT_ID.source}`);
  }
  return tenantId;
}
