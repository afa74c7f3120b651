import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCatalog, type Catalog } from '@prism/catalog';
import { ContentType, decodeAndEventize, type EventizeResult, type Signal } from '@prism/contract';
import { QueryEngine, hotSegmentSource, mountRoutes, type QueryRouteDeps } from '@prism/query';
import { recordPublishedCommits } from '@prism/query/testing';
import type { Route } from '@prism/server';
import { signalByName } from '@prism/signal-registry';
import { zipkinRoutes as spansZipkinRoutes, type ZipkinRouteOptions } from '@prism/spans';
import { HotStoreWriter } from '@prism/storage';

/** The spans signal's Zipkin v2 routes with `options`, mounted over an engine as the query service mounts them. */
export function zipkinRoutes(deps: QueryRouteDeps & ZipkinRouteOptions): Route[] {
  return mountRoutes(spansZipkinRoutes({ autocompleteKeys: deps.autocompleteKeys }), deps);
}

/**
 * A hot store in a temp dir and an in-memory PGlite catalog, filled as ingest fills them, with
 * both span inputs: OTLP/JSON through the spans signal, Zipkin v2 JSON through its `/api/v2/spans`
 * format. One per test file.
 */
export class ZipkinFixture {
  private readonly tenants = new Set<string>();
  private readonly signal: Signal;
  private readonly writer: HotStoreWriter;

  private constructor(
    readonly root: string,
    readonly catalog: Catalog,
  ) {
    const signal = signalByName('spans');
    if (signal === undefined) throw new Error('spans signal not registered');
    this.signal = signal;
    this.writer = new HotStoreWriter({ root, indexingFor: () => signal.indexing });
  }

  static async open(): Promise<ZipkinFixture> {
    return new ZipkinFixture(await mkdtemp(join(tmpdir(), 'prism-zipkin-')), await openCatalog({ kind: 'pglite' }));
  }

  /** Ingests an OTLP/JSON ExportTraceServiceRequest. */
  ingestOtlp(tenantId: string, request: unknown): Promise<void> {
    const decoded = decodeAndEventize(this.signal.ingest, json(request), ContentType.json, { tenantId, ingestTs: 1n });
    if (!decoded.ok) throw decoded.error;
    return this.commit(tenantId, decoded.value);
  }

  /** Ingests a Zipkin v2 JSON list of spans, as `POST /api/v2/spans` does. */
  ingestZipkin(tenantId: string, spans: unknown): Promise<void> {
    const format = this.signal.ingest.extraFormats.find((candidate) => candidate.path === '/api/v2/spans');
    if (format === undefined) throw new Error('spans signal has no Zipkin format');
    const decoded = format.eventize(json(spans), ContentType.json, { tenantId, ingestTs: 1n });
    if (!decoded.ok) throw decoded.error;
    return this.commit(tenantId, decoded.value);
  }

  engine(): QueryEngine {
    return new QueryEngine({ catalog: this.catalog, segments: hotSegmentSource(this.root), findSignal: signalByName });
  }

  async close(): Promise<void> {
    await this.writer.close();
    await this.catalog.close();
    await rm(this.root, { recursive: true, force: true });
  }

  private async commit(tenantId: string, result: EventizeResult): Promise<void> {
    if (result.rejected.length > 0) throw new Error(`rejected: ${JSON.stringify(result.rejected)}`);
    if (!this.tenants.has(tenantId)) {
      await this.catalog.tenants.create({ tenantId });
      this.tenants.add(tenantId);
    }
    const dataset = this.signal.defaultDataset;
    const prepared = await this.writer.prepareCommit(tenantId, dataset, result.batch);
    await prepared.publish();
    await recordPublishedCommits(this.catalog, this.root, tenantId, dataset, prepared);
  }
}

function json(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}
