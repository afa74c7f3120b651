import { DataType } from 'apache-arrow';
import { BaseColumn, type RowBatch } from '@prism/contract';
import { InvalidBatchError } from '../errors';
import { segmentWindowOf, type SegmentWindow } from './segment-window';

/** The rows of a batch that fall into one segment window. */
export interface WindowRows {
  window: SegmentWindow;
  /** Row indexes in the batch, ascending; undefined when the whole batch is in this window. */
  rows: number[] | undefined;
}

/**
 * Splits a batch by the segment window of each row's `timestamp` (ns). Every row needs one: a
 * missing column or a null timestamp is an {@link InvalidBatchError}.
 */
export function partitionByWindow(batch: RowBatch, durationMs: number): WindowRows[] {
  if (batch.numRows === 0) return [];
  const timestamps = batch.getChild(BaseColumn.timestamp);
  if (timestamps === null) throw new InvalidBatchError('batch has no timestamp column', BaseColumn.timestamp);
  if (!DataType.isInt(timestamps.type) || timestamps.type.bitWidth !== 64) throw new InvalidBatchError('timestamp must be int64', BaseColumn.timestamp);
  if (timestamps.nullCount > 0) throw new InvalidBatchError('every row needs a timestamp', BaseColumn.timestamp);
  const durationNs = BigInt(durationMs) * 1_000_000n;
  const groups = new Map<bigint, { window: SegmentWindow; rows: number[] }>();
  let lastStart: bigint | undefined;
  let lastGroup: { window: SegmentWindow; rows: number[] } | undefined;
  for (let row = 0; row < batch.numRows; row++) {
    const timestamp = timestamps.get(row) as bigint;
    // Most rows share the previous row's window: skip the map lookup then.
    if (lastGroup !== undefined && lastStart !== undefined && timestamp >= lastStart && timestamp < lastStart + durationNs) {
      lastGroup.rows.push(row);
      continue;
    }
    const window = segmentWindowOf(timestamp, durationMs);
    let group = groups.get(window.startNs);
    if (group === undefined) {
      group = { window, rows: [] };
      groups.set(window.startNs, group);
    }
    group.rows.push(row);
    lastStart = window.startNs;
    lastGroup = group;
  }
  return [...groups.values()]
    .sort((a, b) => (a.window.startNs < b.window.startNs ? -1 : 1))
    .map(({ window, rows }) => ({ window, rows: rows.length === batch.numRows ? undefined : rows }));
}
