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

describe('RowBatchBuilder text and bytes columns', () => {
  it('keeps non-ASCII text, empty strings and nulls exact', () => {
    const values = ['héllo', '', null, '日本語', '😀 emoji', 'plain'];
    const builder = new RowBatchBuilder();
    for (const value of values) {
      builder.startRow();
      builder.setInt64('n', 1n);
      if (value !== null) builder.setString('text', value);
    }
    const column = builder.build().getChild('text');
    expect(Array.from({ length: values.length }, (_, row) => column?.get(row) ?? null)).toEqual(values);
  });

  it('does not let lone surrogates in neighbouring cells merge into one character', () => {
    const values = ['a\uD83D', '\uDE00b'];
    const builder = new RowBatchBuilder();
    for (const value of values) {
      builder.startRow();
      builder.setString('text', value);
    }
    const column = builder.build().getChild('text');
    // Each lone surrogate becomes U+FFFD on its own, as encoding each string separately does.
    expect([column?.get(0), column?.get(1)]).toEqual(['a\uFFFD', '\uFFFDb']);
  });

  it('stores bytes of varying lengths with nulls between them', () => {
    const builder = new RowBatchBuilder();
    const values = [new Uint8Array([1, 2, 3]), null, new Uint8Array([]), new Uint8Array([255])];
    for (const value of values) {
      builder.startRow();
      builder.setInt64('n', 0n);
      if (value !== null) builder.setBytes('id', value);
    }
    const column = builder.build().getChild('id');
    expect(Array.from({ length: values.length }, (_, row) => column?.get(row) ?? null)).toEqual(values);
  });
});

describe('RowBatchBuilder column writers', () => {
  it('writes by row index through a writer fetched once, sharing the column with the named setters', () => {
    const builder = new RowBatchBuilder({ initialCapacity: 1 });
    const names = builder.column('name', 'string');
    const durations = builder.column('duration', 'int64');
    for (let index = 0; index < 5; index++) {
      const row = builder.startRow();
      names.setString(row, `op-${index}`);
      if (index % 2 === 0) durations.setInt64(row, BigInt(index * 10));
    }
    builder.setString('name', 'renamed');
    expect(builder.column('name', 'string')).toBe(names);
    expect(builder.column('name', 'int64').name).toBe('name#int64');
    expect(rowsOf(builder.build())).toEqual([
      { name: 'op-0', duration: 0n },
      { name: 'op-1' },
      { name: 'op-2', duration: 20n },
      { name: 'op-3' },
      { name: 'renamed', duration: 40n },
    ]);
  });
});

describe('RowBatchBuilder UTF-8 range cells', () => {
  it('mixes ranges of a body, ranges of another buffer and strings in one text column', () => {
    const body = new TextEncoder().encode('GET /users|日本語');
    const other = new TextEncoder().encode('other');
    const builder = new RowBatchBuilder({ initialCapacity: 2 });
    const names = builder.column('name', 'string');
    names.setUtf8Range(builder.startRow(), body, 0, 10);
    names.setString(builder.startRow(), 'héllo');
    builder.startRow();
    names.setUtf8Range(builder.startRow(), body, 14, 20);
    names.setUtf8Range(builder.startRow(), other, 1, 4);
    names.setUtf8Range(builder.startRow(), body, 3, 3);
    const column = builder.build().getChild('name');
    expect(Array.from({ length: 6 }, (_, row) => column?.get(row) ?? null)).toEqual(['GET /users', 'héllo', null, '本語', 'the', '']);
  });
});
