/** Who sends a request, as its API key resolved: set by authentication, never by the request body. */
export interface TenantContext {
  readonly tenantId: string;
  /** Catalog id of the key that authenticated the request (not the key itself). */
  readonly keyId: string;
  /** Catalog id of the shard that stores this tenant's segments. */
  readonly shardId: number;
}
