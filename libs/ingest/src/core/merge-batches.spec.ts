import { RowBatchBuilder, rowsOf, type RowBatch } from '@prism/contract';
import { describe, expect, it } from 'vitest';
import { mergeRowBatches } from './merge-batches';

function batchOf(rows: Array<(builder: RowBatchBuilder) => void>): RowBatch {
  const builder = new RowBatchBuilder();
  for (const write of rows) {
    builder.startRow();
    write(builder);
  }
  return builder.build();
}

describe('mergeRowBatches', () => {
  it('keeps every row in order, with nulls where a batch lacks a column', () => {
    const first = batchOf([(b) => b.setString('name', 'a'), (b) => b.setString('name', 'b')]);
    const second = batchOf([(b) => b.setInt64('count', 3n)]);
    expect(rowsOf(mergeRowBatches([first, second]))).toEqual([{ name: 'a' }, { name: 'b' }, { count: 3n }]);
  });

  it('sends a column that arrives with another type to its name#type variant', () => {
    const ints = batchOf([(b) => b.setInt64('span.attr.queue.wait_ms', 5n)]);
    const doubles = batchOf([(b) => b.setDouble('span.attr.queue.wait_ms', 2.5)]);
    const variantAlready = batchOf([(b) => b.setString('span.attr.queue.wait_ms', 'n/a'), (b) => b.setInt64('span.attr.queue.wait_ms', 7n)]);
    const merged = mergeRowBatches([ints, doubles, variantAlready]);
    // The third batch saw the string first, so its int64 values sit in its own `#int64` variant:
    // merged, they belong with the other int64 values in the base column.
    expect(merged.schema.fields.map((field) => field.name)).toEqual(['span.attr.queue.wait_ms', 'span.attr.queue.wait_ms#double', 'span.attr.queue.wait_ms#string']);
    expect(rowsOf(merged)).toEqual([
      { 'span.attr.queue.wait_ms': 5n },
      { 'span.attr.queue.wait_ms#double': 2.5 },
      { 'span.attr.queue.wait_ms#string': 'n/a' },
      { 'span.attr.queue.wait_ms': 7n },
    ]);
  });
});
