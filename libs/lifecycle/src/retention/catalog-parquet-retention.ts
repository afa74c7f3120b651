import type { Catalog } from '@prism/catalog';
import type { ExpiredParquetFile, ParquetRetentionSource } from './parquet-retention';

/**
 * Retention's view of the catalog's Parquet files: a file expires once its whole hour ended before
 * the cutoff; `forget` removes the file, its row groups and segment links in one transaction.
 *
 * @example await retentionPass({ catalog, hotRoot, objects, parquet: catalogParquetRetention(catalog) }, { defaultDays: 30 });
 */
export function catalogParquetRetention(catalog: Pick<Catalog, 'forTenant'>): ParquetRetentionSource {
  return {
    datasets: (tenantId) => catalog.forTenant(tenantId).parquetFiles.datasets(),
    expiredFiles: async (tenantId, dataset, beforeNs, limit) => {
      const files = await catalog.forTenant(tenantId).parquetFiles.hourEndedBefore(dataset, beforeNs, limit);
      return files.map((file): ExpiredParquetFile => ({
        tenantId,
        dataset: file.dataset,
        key: file.objectKey,
        bytes: file.bytes,
        maxTimestampNs: file.maxTimestampNs,
      }));
    },
    forget: async (tenantId, keys) => {
      await catalog.forTenant(tenantId).parquetFiles.remove(keys);
    },
  };
}
