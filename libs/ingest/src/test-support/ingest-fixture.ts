import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Catalog } from '@prism/catalog';
import { openTestCatalog } from '@prism/catalog/testing';
import { BaseColumn } from '@prism/contract';
import { datasetIndexingOf, registeredSignals } from '@prism/signal-registry';
import { HotStoreWriter, listSegments, openSegmentReader } from '@prism/storage';

/** A temporary hot store directory and its writer (datasets indexed as the registered signals declare); `cleanUp` removes both. */
export function tempHotStore(): { root: string; store: HotStoreWriter; cleanUp: () => Promise<void> } {
  const root = mkdtempSync(join(tmpdir(), 'prism-ingest-'));
  const store = new HotStoreWriter({ root, indexingFor: datasetIndexingOf(registeredSignals()) });
  return {
    root,
    store,
    cleanUp: async () => {
      await store.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** An in-memory PGlite catalog with one registered shard (id 1). */
export async function memoryCatalog(): Promise<Catalog> {
  const catalog = await openTestCatalog();
  await catalog.shards.register({ shardId: 1, name: 'local' });
  return catalog;
}

/** Creates a tenant with a fresh API key. */
export async function tenantWithKey(catalog: Catalog, tenantId: string): Promise<string> {
  await catalog.tenants.create({ tenantId });
  return (await catalog.apiKeys.create(tenantId, 'test')).key;
}

/** Every visible row's values of `column` in a tenant's dataset, read through the storage reader. */
export async function visibleValues(root: string, tenantId: string, dataset: string, column: string = BaseColumn.timestamp): Promise<unknown[]> {
  const values: unknown[] = [];
  for (const segment of await listSegments(root, tenantId, dataset)) {
    const reader = await openSegmentReader(root, tenantId, dataset, segment.segmentId);
    const table = await reader.readColumns([column]);
    const vector = table.getChild(column);
    for (let row = 0; row < table.numRows; row++) values.push(vector?.get(row));
  }
  return values;
}

/** Rows visible in a tenant's dataset. */
export async function visibleRowCount(root: string, tenantId: string, dataset: string): Promise<number> {
  let rows = 0;
  for (const segment of await listSegments(root, tenantId, dataset)) {
    rows += (await openSegmentReader(root, tenantId, dataset, segment.segmentId)).rowCount;
  }
  return rows;
}
