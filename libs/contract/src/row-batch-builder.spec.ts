import { describe, expect, it } from 'vitest';
import { COLUMN_TYPE_METADATA_KEY } from './column-types';
import { RowBatchBuilder } from './row-batch-builder';
import { rowsOf } from './row-values';

describe('RowBatchBuilder', () => {
  it('creates columns on first sight and leaves unset cells null', () => {
    const builder = new RowBatchBuilder();
    builder.startRow();
    builder.setString('name', 'a');
    builder.setInt64('timestamp', 1_700_000_000_000_000_123n);
    builder.startRow();
    builder.setString('name', 'b');
    builder.setDouble('value', 1.5);
    builder.setBool('ok', false);
    builder.setBytes('trace_id', new Uint8Array([1, 2]));
    const batch = builder.build();

    expect(batch.numRows).toBe(2);
    expect(rowsOf(batch)).toEqual([
      { name: 'a', timestamp: 1_700_000_000_000_000_123n },
      { name: 'b', value: 1.5, ok: false, trace_id: new Uint8Array([1, 2]) },
    ]);
    expect(batch.getChild('timestamp')?.nullCount).toBe(1);
  });

  it('puts a second value type of one key into its own column', () => {
    const builder = new RowBatchBuilder();
    builder.startRow();
    builder.setInt64('span.attr.code', 200n);
    builder.startRow();
    builder.setString('span.attr.code', 'OK');
    const batch = builder.build();
    expect(builder.columns()).toEqual([
      { name: 'span.attr.code', type: 'int64' },
      { name: 'span.attr.code#string', type: 'string' },
    ]);
    expect(rowsOf(batch)).toEqual([{ 'span.attr.code': 200n }, { 'span.attr.code#string': 'OK' }]);
  });

  it('grows past its initial capacity without losing values', () => {
    const builder = new RowBatchBuilder({ initialCapacity: 2 });
    for (let row = 0; row < 100; row++) {
      builder.startRow();
      builder.setInt64('n', BigInt(row));
      if (row % 3 === 0) builder.setJson('tags', JSON.stringify([row]));
      builder.setBool('even', row % 2 === 0);
    }
    const rows = rowsOf(builder.build());
    expect(rows).toHaveLength(100);
    expect(rows[99]).toEqual({ n: 99n, even: false, tags: '[99]' });
    expect(rows[98]).toEqual({ n: 98n, even: true });
  });

  it('records each column type in the field metadata', () => {
    const builder = new RowBatchBuilder();
    builder.startRow();
    builder.setJson('body', '{"a":1}');
    builder.setString('name', 'x');
    const batch = builder.build();
    expect(batch.schema.fields.map((f) => f.metadata.get(COLUMN_TYPE_METADATA_KEY))).toEqual(['json', 'string']);
  });

  it('refuses values before a row is started', () => {
    expect(() => new RowBatchBuilder().setString('a', 'b')).toThrow(/startRow/);
  });
});
