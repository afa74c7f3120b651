import { mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { openCatalog, type Catalog } from '@prism/catalog';
import { ContentType, type Signal } from '@prism/contract';
import { IngestService, LOCAL_SHARD_ID, registerLocalShard } from '@prism/ingest';
import { QueryEngine, hotSegmentSource } from '@prism/query';
import { datasetIndexingOf, registeredAggregates, registeredSignals, signalByName } from '@prism/signal-registry';
import { HotStoreWriter } from '@prism/storage';
import type { WorkloadRequest } from './span-workload';

/** Thrown when the ingest path refuses or loses part of the benchmark's workload. */
export class IngestFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IngestFailedError';
  }
}

/** Totals of an ingest run. */
export interface IngestTotals {
  requests: number;
  spans: number;
  rows: number;
  seconds: number;
}

/**
 * Prism as the all-in-one server runs it, in process: an on-disk PGlite catalog with the local
 * shard, one hot-store writer indexed for every registered signal, the ingest service, and a
 * query engine over the same hot directory.
 */
export class PrismStore {
  readonly engine: QueryEngine;
  private readonly ingest: IngestService;

  private constructor(
    readonly hotDir: string,
    private readonly catalog: Catalog,
    private readonly writer: HotStoreWriter,
    readonly tenantId: string,
    private readonly spans: Signal,
  ) {
    this.ingest = new IngestService({ catalog, store: writer });
    this.engine = new QueryEngine({ catalog, segments: hotSegmentSource(hotDir), findSignal: signalByName, aggregates: registeredAggregates() });
  }

  /** Opens catalog and hot store under `dir` (created if missing) for one tenant. */
  static async open(dir: string, tenantId: string): Promise<PrismStore> {
    const hotDir = join(dir, 'hot');
    const catalogDir = join(dir, 'catalog');
    await mkdir(hotDir, { recursive: true });
    await mkdir(catalogDir, { recursive: true });
    const catalog = await openCatalog({ kind: 'pglite', dataDir: catalogDir });
    await registerLocalShard(catalog);
    await catalog.tenants.create({ tenantId });
    const spans = signalByName('spans');
    if (spans === undefined) throw new IngestFailedError('the signal registry has no "spans" signal');
    const writer = new HotStoreWriter({ root: hotDir, indexingFor: datasetIndexingOf(registeredSignals()) });
    return new PrismStore(hotDir, catalog, writer, tenantId, spans);
  }

  /**
   * Sends every request through IngestService (decode, eventize, two-phase commit, catalog),
   * `clients` at a time; any outcome but a full `accepted` fails the run.
   */
  async ingestAll(next: () => WorkloadRequest | undefined, clients: number, onProgress: (totals: IngestTotals) => void): Promise<IngestTotals> {
    const totals: IngestTotals = { requests: 0, spans: 0, rows: 0, seconds: 0 };
    const started = performance.now();
    const worker = async (): Promise<void> => {
      for (let request = next(); request !== undefined; request = next()) {
        const outcome = await this.ingest.ingest({
          tenant: { tenantId: this.tenantId, shardId: LOCAL_SHARD_ID },
          signal: this.spans,
          body: request.body,
          contentType: ContentType.protobuf,
        });
        if (outcome.kind !== 'accepted' || outcome.partialSuccess !== undefined || outcome.acceptedRecords !== request.spans) {
          throw new IngestFailedError(`ingest answered ${JSON.stringify(outcome)} for a request of ${request.spans} spans`);
        }
        totals.requests++;
        totals.spans += request.spans;
        totals.rows += request.rows;
        if (totals.requests % 50 === 0) onProgress({ ...totals, seconds: (performance.now() - started) / 1000 });
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, clients) }, worker));
    totals.seconds = (performance.now() - started) / 1000;
    return totals;
  }

  /** Bytes of every file under the hot directory (blocks, stats, manifests). */
  async storedBytes(): Promise<number> {
    return directoryBytes(this.hotDir);
  }

  async close(): Promise<void> {
    await this.ingest.drain();
    try {
      await this.writer.close();
    } finally {
      await this.catalog.close();
    }
  }
}

async function directoryBytes(dir: string): Promise<number> {
  let bytes = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) bytes += await directoryBytes(path);
    else if (entry.isFile()) bytes += (await stat(path)).size;
  }
  return bytes;
}
