import type { ColumnIndexing, RowBatch } from '@prism/contract';
import type { ManifestColumn } from '../format/manifest';
import { encodeChunks, mergeEncodedWindows } from './encoded-rows';
import type { EncodedCommit } from './segment-columns';

export type { EncodedBlock, EncodedCommit } from './segment-columns';

/**
 * Encodes rows `rows` of a batch as one block per column. A column's type is fixed in a segment at
 * first sight; a later value of another type goes to `<name>#<type>`, as the row model does.
 */
export function encodeCommit(batch: RowBatch, rows: number[] | undefined, existing: readonly ManifestColumn[], indexing: ColumnIndexing): EncodedCommit {
  return mergeEncodedWindows([encodeChunks(batch, rows, indexing)], existing, indexing);
}
