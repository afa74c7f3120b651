import type { IngestFormat, Signal } from '@prism/contract';

/** Who sends: the tenant an API key resolved to and the shard that owns it. */
export interface TenantContext {
  tenantId: string;
  /** Catalog id of the shard that stores this tenant's segments. */
  shardId: number;
}

/** One decoded-transport request handed to the ingest core: no HTTP in it. */
export interface IngestRequest {
  tenant: TenantContext;
  signal: Signal;
  /** The extra (non-OTLP) format the body is in, e.g. Zipkin v2; OTLP when absent. */
  format?: IngestFormat;
  /** The body after Content-Encoding was undone. */
  body: Uint8Array;
  /** Media type without parameters, e.g. `application/x-protobuf`. */
  contentType: string;
  /** The client's `Idempotency-Key` header, when sent. */
  idempotencyKey?: string;
}
