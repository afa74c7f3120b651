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

  override async startEncoded(tenantId: string, dataset: string, requests: Parameters<HotStoreWriter['startEncoded']>[2]): Promise<PreparedBatch> {
    const prepared = await super.startEncoded(tenantId, dataset, requests);
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

/** Where {@link DyingWriter} makes the process "die": its commit never returns from that point on. */
/** `between-segments`: after the first of a batch's segments was published (a batch crossing a window boundary). */
export type DeathPoint = 'before-publish' | 'after-publish' | 'between-segments';

/**
 * A hot store writer whose next commit stops for good at `dieAt`, as if the process died there:
 * `publish()` never settles (after moving HEAD, for `after-publish`). `close()` then plays the
 * lease running out, so a new writer on the same root can take the segment over.
 */
export class DyingWriter extends HotStoreWriter {
  dieAt: DeathPoint | undefined;
  override async startEncoded(tenantId: string, dataset: string, requests: Parameters<HotStoreWriter['startEncoded']>[2]): Promise<PreparedBatch> {
    const prepared = await super.startEncoded(tenantId, dataset, requests);
    const dieAt = this.dieAt;
    if (dieAt === undefined) return prepared;
    this.dieAt = undefined;
    return {
      ...prepared,
      segments: prepared.segments,
      rowCount: prepared.rowCount,
      publish: async () => {
        if (dieAt === 'after-publish') await prepared.publish();
        if (dieAt === 'between-segments') await prepared.segments[0].publish();
        await new Promise<never>(() => undefined);
      },
    };
  }
}

/** The catalog with every tenant transaction never finishing while `hanging()` is true (the process died inside it). */
export function catalogHangingTransactions(catalog: Catalog, hanging: () => boolean): Catalog {
  const wrapper = Object.create(catalog) as Catalog;
  wrapper.forTenant = (tenantId: string): TenantCatalog => {
    const tenant = catalog.forTenant(tenantId);
    const hangingTenant = Object.create(tenant) as TenantCatalog;
    hangingTenant.transaction = async (work) => (hanging() ? new Promise<never>(() => undefined) : tenant.transaction(work));
    return hangingTenant;
  };
  return wrapper;
}

/** A hot store writer whose prepares wait for `release()` while `holding` is set: keeps a commit in flight on demand. */
export class GatedWriter extends HotStoreWriter {
  holding = false;
  prepares = 0;
  private gate: Promise<void> | undefined;
  private open: (() => void) | undefined;
  override async startEncoded(tenantId: string, dataset: string, requests: Parameters<HotStoreWriter['startEncoded']>[2]): Promise<PreparedBatch> {
    this.prepares++;
    if (this.holding) {
      this.gate ??= new Promise<void>((resolve) => (this.open = resolve));
      await this.gate;
    }
    return super.startEncoded(tenantId, dataset, requests);
  }
  /** Lets every held prepare go on. */
  release(): void {
    this.holding = false;
    this.open?.();
    this.gate = undefined;
  }
}
