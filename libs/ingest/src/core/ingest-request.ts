import type { IngestFormat, Signal } from '@prism/contract';
import type { AuthenticatedTenant } from '@prism/contract';

/** One decoded-transport request handed to the ingest core: no HTTP in it. */
export interface IngestRequest {
  /** Who sends, as the edge's API-key gateway resolved it: the tenant and the shard that owns it. */
  tenant: Pick<AuthenticatedTenant, 'tenantId' | 'shardId'>;
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
