/** Who a request is for: set by authentication at the edge, never by the request body or the query. */
export interface TenantContext {
  readonly tenantId: string;
}

/** The tenant context an API key yields at the edge: also which key it was and where the tenant lives. */
export interface AuthenticatedTenant extends TenantContext {
  /** Catalog id of the key that authenticated the request (not the key itself). */
  readonly keyId: string;
  /** Catalog id of the shard that stores this tenant's segments. */
  readonly shardId: number;
}
