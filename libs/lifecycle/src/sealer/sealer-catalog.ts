import type { Catalog, Segment, SegmentState } from '@prism/catalog';

/** The catalog calls the sealer makes: small, so a crash test can run it over a file. */
export interface SealerCatalog {
  tenantIds(): Promise<string[]>;
  /** A tenant's segments in a state, oldest update first. */
  segmentsInState(tenantId: string, state: SegmentState, limit: number): Promise<Segment[]>;
  /** `open → sealing`; a no-op when the segment is `sealing` already. */
  beginSealing(tenantId: string, segmentId: string): Promise<void>;
  /** `sealing → sealed` with the object prefix; repeatable with the same prefix. */
  markSealed(tenantId: string, segmentId: string, objectPrefix: string): Promise<void>;
}

/** The sealer's view of the real catalog. */
export function catalogSealerStore(catalog: Catalog): SealerCatalog {
  return {
    tenantIds: async () => (await catalog.tenants.list()).map((tenant) => tenant.tenantId),
    segmentsInState: (tenantId, state, limit) => catalog.forTenant(tenantId).segments.inState(state, limit),
    beginSealing: async (tenantId, segmentId) => {
      const segments = catalog.forTenant(tenantId).segments;
      const current = await segments.get(segmentId);
      if (current?.state === 'sealing') return;
      await segments.transition(segmentId, 'sealing');
    },
    markSealed: async (tenantId, segmentId, objectPrefix) => {
      await catalog.forTenant(tenantId).segments.markSealed(segmentId, objectPrefix);
    },
  };
}
