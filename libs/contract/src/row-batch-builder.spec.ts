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

describe('RowBatchBuilder cells written out of the usual order', () => {
  it('keeps the last value of a cell written twice in one row, for text and bytes', () => {
    const builder = new RowBatchBuilder({ initialCapacity: 1 });
    const names = builder.column('name', 'string');
    const ids = builder.column('id', 'bytes');
    for (let index = 0; index < 3; index++) {
      const row = builder.startRow();
      names.setString(row, `first-${index}`);
      names.setString(row, `second-${index}`);
      ids.setBytes(row, new Uint8Array([index, index]));
      ids.setBytes(row, new Uint8Array([index]));
    }
    expect(rowsOf(builder.build())).toEqual([
      { name: 'second-0', id: new Uint8Array([0]) },
      { name: 'second-1', id: new Uint8Array([1]) },
      { name: 'second-2', id: new Uint8Array([2]) },
    ]);
  });

  it('accepts a cell written into an earlier row after later ones', () => {
    const builder = new RowBatchBuilder();
    const names = builder.column('name', 'string');
    const first = builder.startRow();
    names.setString(first, 'a');
    const second = builder.startRow();
    names.setString(second, 'b');
    const third = builder.startRow();
    names.setString(third, 'c');
    names.setString(first, 'changed');
    names.setString(second, 'éé');
    expect(rowsOf(builder.build()).map((row) => row['name'])).toEqual(['changed', 'éé', 'c']);
  });

  it('copies a repeated string again after the cell it was copied from was replaced', () => {
    const builder = new RowBatchBuilder();
    const names = builder.column('name', 'string');
    names.setString(builder.startRow(), 'same');
    const row = builder.startRow();
    names.setString(row, 'same');
    names.setString(row, 'other');
    names.setString(builder.startRow(), 'same');
    expect(rowsOf(builder.build()).map((cells) => cells['name'])).toEqual(['same', 'other', 'same']);
  });
});

describe('RowBatchBuilder values repeated row after row', () => {
  it('keeps runs of one value exact across nulls, other values, rewrites and growth', () => {
    const expected: Array<string | null> = [];
    const builder = new RowBatchBuilder({ initialCapacity: 2 });
    const names = builder.column('name', 'string');
    for (let index = 0; index < 300; index++) {
      const row = builder.startRow();
      builder.setInt64('n', BigInt(index));
      let value: string | null = index % 50 === 49 ? null : index < 120 ? 'tenant-ü' : 'other';
      if (value !== null) names.setString(row, value);
      if (index === 60) {
        value = 'rewritten';
        names.setString(row, value);
      }
      expected.push(value);
    }
    const column = builder.build().getChild('name');
    expect(Array.from({ length: expected.length }, (_, row) => column?.get(row) ?? null)).toEqual(expected);
  });
});

describe('RowBatchBuilder range and word setters', () => {
  it('returns false and leaves the cell null for a range that is not valid UTF-8', () => {
    const source = new Uint8Array([0x61, 0xff, 0x62, 0xc3, 0xa9]);
    const builder = new RowBatchBuilder();
    const names = builder.column('name', 'string');
    expect(names.setUtf8Range(builder.startRow(), source, 0, 3)).toBe(false);
    expect(names.setUtf8Range(builder.startRow(), source, 2, 5)).toBe(true);
    const long = new TextEncoder().encode(`${'x'.repeat(100)}é`);
    expect(names.setUtf8Range(builder.startRow(), long, 0, long.length)).toBe(true);
    expect(names.setUtf8Range(builder.startRow(), long, 0, long.length - 1)).toBe(false);
    const column = builder.build().getChild('name');
    expect([column?.get(0), column?.get(1), column?.get(2), column?.get(3)]).toEqual([null, 'bé', `${'x'.repeat(100)}é`, null]);
    expect(column?.nullCount).toBe(2);
  });

  it('copies byte ranges and stores int64 values given as 32-bit words', () => {
    const builder = new RowBatchBuilder();
    const ids = builder.column('id', 'bytes');
    const times = builder.column('time', 'int64');
    const source = new Uint8Array([9, 8, 7, 6]);
    const cases: Array<[number, number, bigint]> = [
      [0, 0, 0n],
      [0xffff_ffff, 0x7fff_ffff, 0x7fff_ffff_ffff_ffffn],
      [0x8000_0000, 0x186a0, 0x1_86a0_8000_0000n],
      [-1, -1, -1n],
      [0, 0x8000_0000, -0x8000_0000_0000_0000n],
    ];
    for (const [low, high] of cases) {
      const row = builder.startRow();
      ids.setBytesRange(row, source, 1, 3);
      times.setInt64Words(row, low, high);
    }
    const rows = rowsOf(builder.build());
    expect(rows.map((row) => row['time'])).toEqual(cases.map(([, , value]) => value));
    expect(rows[0]['id']).toEqual(new Uint8Array([8, 7]));
  });
});
