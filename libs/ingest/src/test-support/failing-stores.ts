import type { Catalog, TenantCatalog } from '@prism/catalog';
import { HotStoreWriter, type PreparedBatch } from '@prism/storage';

/** The catalog with every tenant transaction failing while `failing()` is true, as if the database were down. */
export function catalogFailingTransactions(catalog: Catalog, failing: () => boolean): Catalog {
  const wrapper = Object.create(catalog) as Catalog;
  wrapper.forTenant = (tenantId: string): TenantCatalog => {
    const tenant = catalog.forTenant(tenantId);
    const failingTenant = Object.create(tenant) as TenantCatalog;
    failingTenant.transaction = async (work) => {
      if (failing()) throw new Error('catalog unavailable (injected)');
      return tenant.transaction(work);
    };
    return failingTenant;
  };
  return wrapper;
}

/** A hot store writer whose next `publish()` fails once before HEAD moves, as if the disk were lost mid-commit. */
export class PublishFailingOnceWriter extends HotStoreWriter {
  failNextPublish = false;

  override async prepareCommit(tenantId: string, dataset: string, batch: Parameters<HotStoreWriter['prepareCommit']>[2]): Promise<PreparedBatch> {
    const prepared = await super.prepareCommit(tenantId, dataset, batch);
    if (!this.failNextPublish) return prepared;
    this.failNextPublish = false;
    return {
      ...prepared,
      segments: prepared.segments,
      rowCount: prepared.rowCount,
      publish: async () => {
        await prepared.abort();
        throw new Error('publish failed (injected)');
      },
    };
  }
}
