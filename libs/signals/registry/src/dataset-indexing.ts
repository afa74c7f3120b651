import { noColumnIndexing, type ColumnIndexing, type Signal } from '@prism/contract';

/**
 * The indexing of each dataset's rows: the `indexing` part of the signal whose default dataset it
 * is (ingest writes every signal's rows to its default dataset), and none for a dataset no signal
 * owns. What the hot store writer and the parquetizer take, so each dataset is indexed as its own
 * signal declares instead of by one merged set.
 *
 * @example new HotStoreWriter({ root, indexingFor: datasetIndexingOf(registeredSignals()) })
 */
export function datasetIndexingOf(signals: readonly Signal[]): (dataset: string) => ColumnIndexing {
  const byDataset = new Map<string, ColumnIndexing>();
  for (const signal of signals) byDataset.set(signal.defaultDataset, signal.indexing);
  const none = noColumnIndexing();
  return (dataset) => byDataset.get(dataset) ?? none;
}
