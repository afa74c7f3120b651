import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Catalog } from '@prism/catalog';
import { openTestCatalog } from '@prism/catalog/testing';
import { ContentType, decodeAndEventize, type ColumnIndexing } from '@prism/contract';
import { registeredAggregates, signalByName } from '@prism/signal-registry';
import { HotStoreWriter } from '@prism/storage';
import { QueryEngine, type QueryEngineOptions } from '../engine/query-engine';
import { hotSegmentSource } from '../engine/tiers/hot-segment-source';
import type { SegmentSource } from '../segment/segment-source';
import { recordPublishedCommits } from './record-published-commits';

/**
 * A hot store in a temp directory and an in-memory PGlite catalog, filled the way ingest fills
 * them: OTLP/JSON bodies eventized by the registry's signals, committed through HotStoreWriter,
 * recorded in the catalog (segment totals, block stats, trace hints). One per test file.
 */
export class QueryFixture {
  private readonly writers = new Map<string, HotStoreWriter>();
  private readonly tenants = new Set<string>();

  private constructor(
    readonly root: string,
    readonly catalog: Catalog,
  ) {}

  static async open(): Promise<QueryFixture> {
    const root = await mkdtemp(join(tmpdir(), 'prism-query-'));
    return new QueryFixture(root, await openTestCatalog());
  }

  /** Eventizes an OTLP/JSON body with signal `signalName` and commits it as one batch for the tenant. */
  async ingest(tenantId: string, signalName: string, body: Uint8Array, ingestTs = 1n): Promise<void> {
    const signal = signalByName(signalName);
    if (signal === undefined) throw new Error(`no signal ${signalName}`);
    if (!this.tenants.has(tenantId)) {
      await this.catalog.tenants.create({ tenantId });
      this.tenants.add(tenantId);
    }
    const decoded = decodeAndEventize(signal.ingest, body, ContentType.json, { tenantId, ingestTs });
    if (!decoded.ok) throw decoded.error;
    if (decoded.value.rejected.length > 0) throw new Error(`rejected: ${JSON.stringify(decoded.value.rejected)}`);
    const dataset = signal.defaultDataset;
    const writer = this.writerFor(signalName, signal.indexing);
    const prepared = await writer.prepareCommit(tenantId, dataset, decoded.value.batch);
    await prepared.publish();
    await recordPublishedCommits(this.catalog, this.root, tenantId, dataset, prepared);
  }

  /** The hot store as the engine sees it, with every open recorded in `opened`. */
  watchedSource(opened: string[]): SegmentSource {
    const source = hotSegmentSource(this.root);
    return {
      listSegmentIds: source.listSegmentIds,
      units: async (tenantId, dataset, segments) =>
        (await source.units(tenantId, dataset, segments)).map((unit) => ({
          ...unit,
          open: () => {
            opened.push(unit.label);
            return unit.open();
          },
        })),
    };
  }

  engine(options: Partial<QueryEngineOptions> = {}): QueryEngine {
    return new QueryEngine({
      catalog: this.catalog,
      segments: hotSegmentSource(this.root),
      findSignal: signalByName,
      aggregates: registeredAggregates(),
      ...options,
    });
  }

  async close(): Promise<void> {
    await Promise.all([...this.writers.values()].map((writer) => writer.close()));
    await this.catalog.close();
    await rm(this.root, { recursive: true, force: true });
  }

  private writerFor(signalName: string, indexing: ColumnIndexing): HotStoreWriter {
    let writer = this.writers.get(signalName);
    if (writer === undefined) {
      writer = new HotStoreWriter({ root: this.root, indexingFor: () => indexing });
      this.writers.set(signalName, writer);
    }
    return writer;
  }
}
